package dev.seatbooking.payment;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** A correctly signed webhook whose body is not a Stripe event. */
class MalformedEvent extends ApiProblem {

    MalformedEvent() {
        super(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The body is not a payment event");
    }
}
