package dev.seatbooking.outbox;

/** The kinds of outbox work; each has exactly one {@link OutboxHandler}. */
public enum OutboxKind {
    /**
     * Start the booking's payment at the PSP (PAY), written with the claim; the payload is the
     * claim's trace headers, the same for every try, as the PSP refuses one key with other parameters.
     */
    START_PAYMENT,
    /** Refund the booking's payment in full (I4); the payload is the intent. */
    REFUND,
    /**
     * Refund, in full, a payment that named the booking but was not its own for its price; the
     * booking's own payment status is not touched. The payload is the intent.
     */
    REFUND_FOREIGN,
    /**
     * Cancel the booking's PaymentIntent, which voids an authorization; refused once it succeeded,
     * which is then checked. The payload is the intent.
     */
    CANCEL_INTENT,
    /** Capture the authorization of a CONFIRMED booking (manual capture); the payload is the intent. */
    CAPTURE,
    /**
     * Ask the PSP how an intent ended, for a booking that stopped waiting for it (timed out, or
     * cancelled while the payment was processing): a success whose webhook was lost is still
     * confirmed or refunded (I4).
     */
    CHECK_INTENT,
    /**
     * Ask the PSP how a PENDING booking's intent stands, a while after it was recorded, in case
     * neither the PSP's reply nor its webhook could settle the booking; again while it waits. The
     * payload is the intent.
     */
    WATCH_INTENT,
    /** Give the booking's holds back in Redis (it FAILED, was cancelled, or lost its hold). */
    RELEASE_HOLD,
    /** Give the booking's sold seats back in Redis (a confirmed booking was cancelled). */
    RELEASE_SALE,
    /** Hand a status change to the booking's event subscribers; the payload is its JSON. */
    PUBLISH
}
