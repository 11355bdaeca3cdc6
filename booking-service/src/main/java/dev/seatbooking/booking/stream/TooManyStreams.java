package dev.seatbooking.booking.stream;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** This instance has booking.status-streams.max streams open: the client retries, or reads the booking. */
class TooManyStreams extends ApiProblem {

    TooManyStreams() {
        super(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_BUSY",
                "Too many status streams open; retry shortly, or read GET /v1/bookings/{id}");
    }

    @Override
    public String retryAfter() {
        return "5";
    }
}
