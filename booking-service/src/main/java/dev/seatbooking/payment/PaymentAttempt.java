package dev.seatbooking.payment;

/** The PSP's synchronous answer to a payment start: its intent, and how it stands now. */
public record PaymentAttempt(String intentId, PaymentOutcome outcome, String pspStatus) {
}
