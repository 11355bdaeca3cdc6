package dev.seatbooking.payment;

import dev.seatbooking.system.DependencyUnavailable;

/** The PSP could not be reached or failed on its side; the same call may be retried. */
public class PaymentUnavailable extends RuntimeException implements DependencyUnavailable {

    public PaymentUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
