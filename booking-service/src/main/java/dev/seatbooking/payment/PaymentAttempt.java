package dev.seatbooking.payment;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The PSP's answer about an intent: its id (null when the PSP refused the start before making
 * one), how it stands, the amount (smallest unit) and currency it is for, and when the PSP made it
 * (null when unknown): an authorization lapses a fixed time after it, at the latest.
 */
public record PaymentAttempt(@Nullable String intentId, PaymentOutcome outcome, String pspStatus, long amount,
        String currency, @Nullable Instant created) {
}
