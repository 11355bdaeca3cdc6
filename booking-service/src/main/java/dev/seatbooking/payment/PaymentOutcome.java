package dev.seatbooking.payment;

/** How a payment stands, as far as the booking cares. */
public enum PaymentOutcome {
    SUCCEEDED, FAILED, PROCESSING
}
