package dev.seatbooking.booking;

import org.jspecify.annotations.Nullable;

/**
 * The values of {@code booking.payment_status} this service writes itself; beside them it records
 * the PSP's own status of an intent it started, or why a start failed (DESIGN section 3).
 */
public final class PaymentStatuses {

    /** The payment start runs and has not recorded an intent yet. */
    public static final String STARTING = "starting";
    /** A start that gave up before the PSP made an intent (its hold lapsed). */
    static final String START_ABANDONED = "start_abandoned";
    /** The booking's own payment succeeded (captured at once: payment.capture-method=automatic). */
    public static final String SUCCEEDED = "succeeded";
    /** The booking's own payment failed: the PSP's status for an intent that needs another method. */
    public static final String REQUIRES_PAYMENT_METHOD = "requires_payment_method";
    /** The card is authorized and nothing is taken yet: the PSP's status until the sale or a void. */
    public static final String REQUIRES_CAPTURE = "requires_capture";
    /** The seats are sold and the capture of the authorization is queued in the outbox. */
    public static final String CAPTURE_PENDING = "capture_pending";
    /** The PSP captured the authorization: the money is taken. */
    public static final String CAPTURED = "captured";
    /** The PSP refused the capture for good (declined, or the authorization lapsed): the sale is undone. */
    public static final String CAPTURE_FAILED = "capture_failed";
    /** The void of the authorization (the intent's cancel) is queued in the outbox. */
    public static final String VOID_PENDING = "void_pending";
    /** The authorization is voided: nothing was taken. */
    public static final String CANCELED = "canceled";
    /** A refund of the booking's payment is queued in the outbox. */
    public static final String REFUND_PENDING = "refund_pending";
    /** The PSP accepted the refund, or its refunds give back all that was paid. */
    public static final String REFUNDED = "refunded";
    /** Part of the payment is refunded (an operator's partial refund); the rest is kept. */
    public static final String PARTIALLY_REFUNDED = "partially_refunded";
    /** A refund failed at the PSP (final on Stripe): the money is still with us until a new refund. */
    public static final String REFUND_FAILED = "refund_failed";

    private PaymentStatuses() {
    }

    /**
     * Whether the money is on its way back, back (in part or in full), or its refund failed and waits
     * for an operator: a full refund is not to be asked for again (its key would replay the first).
     */
    public static boolean refunding(@Nullable String paymentStatus) {
        return REFUND_PENDING.equals(paymentStatus) || REFUNDED.equals(paymentStatus)
                || PARTIALLY_REFUNDED.equals(paymentStatus) || REFUND_FAILED.equals(paymentStatus);
    }

    /** Whether the authorization is being voided, voided, or refused at capture: it buys nothing any more. */
    public static boolean authorizationEnded(@Nullable String paymentStatus) {
        return VOID_PENDING.equals(paymentStatus) || CANCELED.equals(paymentStatus)
                || CAPTURE_FAILED.equals(paymentStatus);
    }
}
