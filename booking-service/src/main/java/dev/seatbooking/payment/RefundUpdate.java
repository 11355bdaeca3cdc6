package dev.seatbooking.payment;

import org.jspecify.annotations.Nullable;

/**
 * The PSP says how a refund of an intent stands ({@code type}: {@code refund.created},
 * {@code refund.updated}, {@code refund.failed}): {@code status} is Stripe's ({@code pending}, {@code succeeded},
 * {@code failed}, {@code canceled}, {@code requires_action}); {@code amount} in the currency's smallest
 * unit; {@code failureReason} only for a failed one. The booking is found by its own intent, not by
 * what the refund's metadata names.
 */
public record RefundUpdate(String eventId, String type, String refundId, String intentId, String status, long amount,
        @Nullable String failureReason) {
}
