package dev.seatbooking.payment;

/** What the PSP did with a refund. */
public enum RefundResult {
    /** Refunded now, or refunded before. */
    REFUNDED,
    /** No money was taken (the intent was canceled, or its payment failed): nothing to give back. */
    NOTHING_TO_REFUND,
    /** The money was only authorized: the authorization is voided instead, and nothing was taken. */
    VOIDED,
    /**
     * Refused for now (the payment is still processing, or the PSP knows no such payment, which a
     * key of another account also gives): try again later, and have someone look.
     */
    REFUSED
}
