package dev.seatbooking.outbox;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * What a handler is told about the try it runs.
 *
 * @param rightAfterCommit true when the instance that wrote the work runs it right after its commit
 *     ({@link Outbox#carryOutSoon}); false when a relay took it: a retry, or work whose writer
 *     stopped before it ran it
 * @param nextTry when the work is tried again if this try does not finish it, asked at that moment
 */
public record OutboxTry(boolean rightAfterCommit, Supplier<Instant> nextTry) {
}
