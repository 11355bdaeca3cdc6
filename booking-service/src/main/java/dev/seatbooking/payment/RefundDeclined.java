package dev.seatbooking.payment;

/**
 * The PSP refused a refund as asked ({@code code}: Stripe's, such as {@code amount_too_large} or
 * {@code charge_already_refunded} when more was asked than remains, {@code idempotency_error} when
 * the key was used for another refund).
 */
public class RefundDeclined extends RuntimeException {

    private final String code;

    public RefundDeclined(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** More was asked than remains refundable. */
    public boolean tooLarge() {
        return code.equals("amount_too_large") || code.equals("charge_already_refunded");
    }
}
