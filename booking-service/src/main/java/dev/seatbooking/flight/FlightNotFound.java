package dev.seatbooking.flight;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

public class FlightNotFound extends ApiProblem {

    public FlightNotFound(String flightId) {
        super(HttpStatus.NOT_FOUND, "FLIGHT_NOT_FOUND", "No flight " + flightId);
    }
}
