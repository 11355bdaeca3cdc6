package dev.seatbooking.idempotency;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

class RequestInProgress extends ApiProblem {

    RequestInProgress() {
        super(HttpStatus.CONFLICT, "REQUEST_IN_PROGRESS",
                "A request with this Idempotency-Key is still running; retry in a moment for its answer");
    }
}
