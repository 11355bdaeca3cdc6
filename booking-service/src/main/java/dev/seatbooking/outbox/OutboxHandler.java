package dev.seatbooking.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Carries out one kind of outbox work (or a few closely related kinds); the feature that owns the
 * work provides it as a bean. Every kind has exactly one handler, checked at start-up. Work runs
 * outside any transaction and may run more than once (after a crash, or when its result could not
 * be recorded), so each handler is idempotent.
 */
public interface OutboxHandler {

    /** The kinds this handler carries out. */
    Set<OutboxKind> kinds();

    /**
     * Carries out one try of {@code work}: true once nothing is left to do, false to be tried again
     * at {@code retryAt}. A throw is tried again too: logged as a warning when the failure is a
     * dependency out for a moment ({@link dev.seatbooking.system.DependencyUnavailable}), as an error otherwise.
     */
    boolean carryOut(OutboxWork work, Instant retryAt);

    /** The longest wait between two tries; the wait doubles from 1 s up to it. */
    default Duration longestBackoff() {
        return Duration.ofMinutes(5);
    }
}
