package dev.seatbooking.booking.refund;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** The PSP could not be reached for an operator's refund: nothing was refunded; retry with the same key. */
class PaymentProviderUnavailable extends ApiProblem {

    PaymentProviderUnavailable(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "PAYMENT_PROVIDER_UNAVAILABLE",
                "The payment provider could not be reached; retry with the same Idempotency-Key", cause);
    }
}
