package dev.seatbooking.booking.claim;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** 429 RATE_LIMITED: too many claims from one user or address; {@code Retry-After} says when to try again. */
public class RateLimited extends ApiProblem {

    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many bookings in a short time; retry after "
                + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public String retryAfter() {
        return Long.toString(retryAfterSeconds);
    }
}
