package dev.seatbooking.payment;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

class InvalidSignature extends ApiProblem {

    InvalidSignature() {
        super(HttpStatus.BAD_REQUEST, "INVALID_SIGNATURE",
                "The Stripe-Signature header is missing, does not match the body, or is too old");
    }
}
