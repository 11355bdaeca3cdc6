package dev.seatbooking.payment;

import org.jspecify.annotations.Nullable;

/** How the full give-back of a payment went, with the refund the PSP made now (null when it made none now). */
public record FullRefund(RefundResult result, @Nullable RefundReceipt receipt) {

    static FullRefund without(RefundResult result) {
        return new FullRefund(result, null);
    }
}
