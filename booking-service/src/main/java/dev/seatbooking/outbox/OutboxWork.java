package dev.seatbooking.outbox;

import org.jspecify.annotations.Nullable;

/**
 * One row of outbox work. {@code payload} is what the kind needs: the intent for PSP work, the
 * event's JSON for PUBLISH, the trace headers' JSON for START_PAYMENT. {@code flightIds} (the
 * booking's flights, comma-separated) is for the log lines. {@code attempts} counts the tries so far.
 */
public record OutboxWork(long id, String bookingId, OutboxKind kind, @Nullable String payload, int attempts,
        String flightIds) {
}
