package dev.seatbooking.payment;

/** How a payment stands, as far as the booking cares. */
public enum PaymentOutcome {
    /** The money is taken (captured). */
    SUCCEEDED,
    /** The card is authorized for the amount and nothing is taken until the capture (manual capture). */
    AUTHORIZED,
    FAILED,
    PROCESSING
}
