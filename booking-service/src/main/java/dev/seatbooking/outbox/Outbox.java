package dev.seatbooking.outbox;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Where work that must follow a commit is written, in the transaction of the change it follows. */
@Component
public class Outbox {

    private final OutboxRepository rows;
    private final OutboxRelay relay;

    Outbox(OutboxRepository rows, OutboxRelay relay) {
        this.rows = rows;
        this.relay = relay;
    }

    /** Work for any instance's relay, due at once; {@code flightIds} (comma-separated) is for its log lines. */
    public void add(String bookingId, String flightIds, OutboxKind kind, @Nullable String payload, Instant now) {
        rows.add(bookingId, flightIds, kind, payload, now, now);
    }

    /** Work for any instance's relay, due at {@code dueAt}. */
    public void addDueAt(String bookingId, String flightIds, OutboxKind kind, @Nullable String payload, Instant now,
            Instant dueAt) {
        rows.add(bookingId, flightIds, kind, payload, now, dueAt);
    }

    /**
     * Work this instance carries out right after the commit ({@link #carryOutSoon}): no relay takes
     * it before {@code leftToThisInstanceUntil}, and any relay does after it if this instance died.
     */
    public OutboxWork addForThisInstance(String bookingId, String flightIds, OutboxKind kind, @Nullable String payload,
            Instant now, Instant leftToThisInstanceUntil) {
        long id = rows.addReturningId(bookingId, flightIds, kind, payload, now, leftToThisInstanceUntil);
        return new OutboxWork(id, bookingId, kind, payload, 0, flightIds);
    }

    /** The booking's work, done or not, oldest first: for an operator's look at the booking. */
    public List<OutboxEntry> workOf(String bookingId) {
        return rows.ofBooking(bookingId);
    }

    /** Carries out work written by {@link #addForThisInstance} once its transaction committed. */
    public void carryOutSoon(OutboxWork work) {
        relay.carryOutSoon(work);
    }
}
