package dev.seatbooking.flight;

import static org.springframework.http.HttpStatus.CREATED;

import jakarta.validation.Valid;
import dev.seatbooking.system.Paging;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.LocalDate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FlightController {

    private static final String AIRPORT = "^[A-Z]{3}$";
    private static final String AIRPORT_MESSAGE = "must be a 3-letter airport code";

    private final FlightService flights;

    FlightController(FlightService flights) {
        this.flights = flights;
    }

    @PostMapping("/v1/flights")
    ResponseEntity<FlightView> create(@Valid @RequestBody CreateFlight request) {
        var flight = flights.create(request);
        return ResponseEntity.status(CREATED)
                .location(URI.create("/v1/flights/" + flight.id()))
                .body(flights.view(flight.id()));
    }

    @GetMapping("/v1/flights")
    FlightPage search(
            @RequestParam(required = false) @Pattern(regexp = AIRPORT, message = AIRPORT_MESSAGE) String origin,
            @RequestParam(required = false) @Pattern(regexp = AIRPORT, message = AIRPORT_MESSAGE) String destination,
            @RequestParam(required = false) LocalDate date,
            @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(Paging.MAX_SIZE) int size) {
        return flights.search(origin, destination, date, page, size);
    }

    @GetMapping("/v1/flights/{flightId}")
    FlightView get(@PathVariable @Pattern(regexp = Flight.ID_PATTERN, message = Flight.ID_MESSAGE)
            String flightId) {
        return flights.view(flightId);
    }
}
