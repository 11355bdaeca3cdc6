package dev.seatbooking.payment;

/**
 * The PSP says a payment that names a booking went through: {@code captured} (the money is taken),
 * or only authorized (manual capture: the money is held on the card until the booking captures it). {@code eventId} is the PSP event's id
 * (applied at most once, I5), or a synthetic id for the PSP's reply to the payment start or to a
 * check. {@code amount} (in the currency's smallest unit) and {@code currency} are what was paid:
 * a payment confirms its booking only if it is the booking's own intent for exactly its price.
 */
public record PaymentSucceeded(String eventId, String intentId, String bookingId, long amount, String currency,
        boolean captured) {

    /** The PSP's event type or status this stands for, as recorded beside the event id. */
    public String type() {
        return captured ? "payment_intent.succeeded" : "payment_intent.amount_capturable_updated";
    }
}
