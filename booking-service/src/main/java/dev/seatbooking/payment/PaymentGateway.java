package dev.seatbooking.payment;

/**
 * The port to the payment provider. Every call that moves money is idempotent under a key derived
 * from the booking or the intent, so a retry after a lost answer never charges or refunds twice;
 * capture and cancel are safe to repeat, as the PSP moves an intent through each once. Never call it
 * inside a database transaction or while holding a lock: the PSP may take seconds.
 */
public interface PaymentGateway {

    /**
     * Creates and confirms a payment for the booking: authorized only, or captured at once, as
     * payment.capture-method says. Throws {@link PaymentUnavailable} when the PSP
     * could not be reached or failed on its side: the caller retries with the same booking.
     */
    PaymentAttempt start(PaymentRequest request);

    /** How the intent stands now; throws {@link PaymentUnavailable} when the PSP cannot be asked. */
    PaymentAttempt retrieve(String intentId);

    /**
     * Cancels an intent that has not succeeded, which voids an authorization; false when the PSP
     * refuses (it succeeded or is processing).
     */
    boolean cancel(String intentId, String bookingId);

    /**
     * Captures the authorization of the intent in full, unless it has lapsed or may have (older than
     * payment.capture-deadline): then it is voided. At most once whatever the retries: the PSP takes
     * one capture of an authorization.
     */
    CaptureResult capture(String intentId, String bookingId);

    /**
     * Gives back the whole payment of the intent, once whatever the retries (keyed by the intent): a
     * refund of what was captured, or the void of an authorization that was not.
     */
    FullRefund refund(String intentId, String bookingId);

    /**
     * Refunds {@code amount} (smallest unit) of what the intent captured, once per {@code key}
     * whatever the retries; {@code reason} goes into the refund's metadata. Throws
     * {@link RefundDeclined} when the PSP refuses it as asked, {@link PaymentUnavailable} when it
     * cannot be reached.
     */
    RefundReceipt refundPart(String intentId, String bookingId, long amount, String reason, String key);
}
