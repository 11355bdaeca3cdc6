package dev.seatbooking.payment;

/**
 * The PSP says the booking's payment succeeded. {@code eventId} is the PSP event's id (applied at
 * most once, I5), or a synthetic id for the synchronous answer to the payment start.
 */
public record PaymentSucceeded(String eventId, String intentId, String bookingId) {
}
