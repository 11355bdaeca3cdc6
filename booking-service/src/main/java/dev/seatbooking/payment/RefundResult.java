package dev.seatbooking.payment;

/** What the PSP did with a refund. */
public enum RefundResult {
    /** Refunded now, or refunded before. */
    REFUNDED,
    /** No money was taken (the intent does not exist, or never succeeded): nothing to give back. */
    NOTHING_TO_REFUND,
    /** Refused for now (the payment is still processing, say): try again later. */
    REFUSED
}
