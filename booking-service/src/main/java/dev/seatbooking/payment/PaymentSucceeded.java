package dev.seatbooking.payment;

/**
 * The PSP says a payment that names a booking succeeded. {@code eventId} is the PSP event's id
 * (applied at most once, I5), or a synthetic id for the PSP's reply to the payment start or to a
 * check. {@code amount} (in the currency's smallest unit) and {@code currency} are what was paid:
 * a payment confirms its booking only if it is the booking's own intent for exactly its price.
 */
public record PaymentSucceeded(String eventId, String intentId, String bookingId, long amount, String currency) {
}
