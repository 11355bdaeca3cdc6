package dev.seatbooking.payment;

/**
 * The port to the payment provider. Every call is idempotent under the key derived from the
 * booking, so a retry after a lost answer never charges twice. Never call it inside a database
 * transaction or while holding a lock: the PSP may take seconds.
 */
public interface PaymentGateway {

    /**
     * Creates and confirms a payment for the booking. Throws {@link PaymentUnavailable} when the PSP
     * could not be reached or failed on its side: the caller retries with the same booking.
     */
    PaymentAttempt start(PaymentRequest request);

    /** How the intent stands now; throws {@link PaymentUnavailable} when the PSP cannot be asked. */
    PaymentAttempt retrieve(String intentId);

    /** Cancels an intent that has not succeeded; false when the PSP refuses (it succeeded or is processing). */
    boolean cancel(String intentId, String bookingId);

    /** Refunds the whole payment of the intent, once whatever the retries (keyed by the intent). */
    RefundResult refund(String intentId, String bookingId);
}
