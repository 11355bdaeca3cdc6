package dev.seatbooking.flight;

import static org.springframework.http.HttpStatus.CREATED;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FlightController {

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

    @GetMapping("/v1/flights/{flightId}")
    FlightView get(@PathVariable @Pattern(regexp = Flight.ID_PATTERN, message = "must be 2-12 capital letters or digits")
            String flightId) {
        return flights.view(flightId);
    }
}
