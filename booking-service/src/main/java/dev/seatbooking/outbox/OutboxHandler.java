package dev.seatbooking.outbox;

import java.time.Duration;
import java.util.Optional;
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
     * at {@link OutboxTry#nextTry}. A throw is tried again too: logged as a warning when the failure
     * is a dependency out for a moment ({@link dev.seatbooking.system.DependencyUnavailable}), as an
     * error otherwise.
     */
    boolean carryOut(OutboxWork work, OutboxTry attempt);

    /** The wait after a first try that did not finish the work; it doubles from there up to {@link #longestBackoff}. */
    default Duration shortestBackoff() {
        return Duration.ofSeconds(1);
    }

    /** The longest wait between two tries. */
    default Duration longestBackoff() {
        return Duration.ofMinutes(5);
    }

    /**
     * How long a relay owns a row of these kinds once it took it, before another relay may take it
     * (its own died); empty for {@code booking.outbox-lease}. Longer than one try can take.
     */
    default Optional<Duration> lease() {
        return Optional.empty();
    }

    /**
     * Whether each row runs on a thread of its own rather than in the relay's round, one after the
     * other: for work that may wait long on another system and must not hold up the rest, nor be
     * held up by it. Rows that must keep their order (a booking's status changes) run in the round.
     */
    default boolean runsApart() {
        return false;
    }
}
