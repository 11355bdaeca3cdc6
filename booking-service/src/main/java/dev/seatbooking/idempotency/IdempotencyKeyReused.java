package dev.seatbooking.idempotency;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

public class IdempotencyKeyReused extends ApiProblem {

    public IdempotencyKeyReused() {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was used for another request; use a new key for a new request");
    }
}
