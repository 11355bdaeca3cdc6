package dev.seatbooking.flight;

import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators stop a flight's sales ({@code close}) or cancel it with its bookings ({@code cancel}); both idempotent. */
@RestController
class FlightAdminController {

    /**
     * A cancelled flight, how many bookings this call cancelled (voided or refunded), and how many
     * are still PENDING or CONFIRMED after it (0, unless one could not be cancelled now: call again,
     * or leave it to the sweep job).
     */
    record CancelledFlight(FlightView flight, int bookingsCancelled, int bookingsLeft) {
    }

    private final FlightLifecycle lifecycle;
    private final FlightService flights;

    FlightAdminController(FlightLifecycle lifecycle, FlightService flights) {
        this.lifecycle = lifecycle;
        this.flights = flights;
    }

    @PostMapping("/v1/admin/flights/{flightId}/close")
    FlightView close(@PathVariable @Pattern(regexp = Flight.ID_PATTERN, message = Flight.ID_MESSAGE) String flightId) {
        lifecycle.close(flightId);
        return flights.view(flightId);
    }

    @PostMapping("/v1/admin/flights/{flightId}/cancel")
    CancelledFlight cancel(@PathVariable @Pattern(regexp = Flight.ID_PATTERN, message = Flight.ID_MESSAGE) String flightId) {
        var swept = lifecycle.cancel(flightId);
        return new CancelledFlight(flights.view(flightId), swept.cancelled(), swept.left());
    }
}
