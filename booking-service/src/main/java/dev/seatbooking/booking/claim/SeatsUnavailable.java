package dev.seatbooking.booking.claim;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

class SeatsUnavailable extends ApiProblem {

    SeatsUnavailable(String flightId) {
        super(HttpStatus.CONFLICT, "NO_SEATS", "Not enough seats left on flight " + flightId);
    }
}
