package dev.seatbooking.outbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One piece of a booking's follow-up work as an operator sees it: its kind, how often it was tried,
 * when it is (or was) due, and when it was done (null while it waits).
 */
public record OutboxEntry(String kind, int attempts, Instant createdAt, Instant nextAt, @Nullable Instant doneAt) {
}
