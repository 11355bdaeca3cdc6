package dev.seatbooking.payment;

/** The PSP could not be reached or failed on its side; the same call may be retried. */
public class PaymentUnavailable extends RuntimeException {

    public PaymentUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
