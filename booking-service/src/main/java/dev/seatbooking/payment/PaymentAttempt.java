package dev.seatbooking.payment;

import org.jspecify.annotations.Nullable;

/**
 * The PSP's answer about an intent: its id (null when the PSP refused the start before making
 * one), how it stands, and the amount (smallest unit) and currency it is for: for an authorization,
 * the amount it may capture.
 */
public record PaymentAttempt(@Nullable String intentId, PaymentOutcome outcome, String pspStatus, long amount,
        String currency) {
}
