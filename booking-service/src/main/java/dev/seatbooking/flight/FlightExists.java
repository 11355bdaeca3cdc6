package dev.seatbooking.flight;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

class FlightExists extends ApiProblem {

    FlightExists(String flightId) {
        super(HttpStatus.CONFLICT, "FLIGHT_EXISTS", "Flight " + flightId + " exists already");
    }
}
