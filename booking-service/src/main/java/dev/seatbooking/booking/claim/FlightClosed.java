package dev.seatbooking.booking.claim;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** A claim on a flight that takes no more: departed, closed or cancelled. */
class FlightClosed extends ApiProblem {

    FlightClosed(String flightId) {
        super(HttpStatus.CONFLICT, "FLIGHT_CLOSED", "Flight " + flightId + " takes no more bookings");
    }
}
