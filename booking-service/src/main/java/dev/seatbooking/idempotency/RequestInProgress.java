package dev.seatbooking.idempotency;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** Another request under the same Idempotency-Key is running (I7). */
public class RequestInProgress extends ApiProblem {

    public RequestInProgress() {
        super(HttpStatus.CONFLICT, "REQUEST_IN_PROGRESS",
                "A request with this Idempotency-Key is still running; retry in a moment for its answer");
    }
}
