package dev.seatbooking.payment;

/** The PSP says the booking's payment failed; {@code reason} is the PSP's code, such as card_declined. */
public record PaymentFailed(String eventId, String intentId, String bookingId, String reason) {
}
