package dev.seatbooking.booking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Follow-up work written in the transaction of a status change (refund, cancel the intent), so it
 * is never lost even if the process dies right after the commit. Done rows keep their done_at.
 */
@Repository
class OutboxRepository {

    enum Kind {
        /**
         * Start the booking's payment at the PSP (PAY), written with the claim; the payload is the
         * claim's trace headers, the same for every try, as the PSP refuses one key with other parameters.
         */
        START_PAYMENT,
        /** Refund the booking's payment in full (I4). */
        REFUND,
        /**
         * Refund, in full, a payment that named the booking but was not its own for its price; the
         * booking's own payment status is not touched.
         */
        REFUND_FOREIGN,
        /** Cancel the booking's PaymentIntent; refused once it succeeded, which is then refunded. */
        CANCEL_INTENT,
        /**
         * Ask the PSP how an intent ended, for a booking that stopped waiting for it (timed out, or
         * cancelled while the payment was processing): a success whose webhook was lost is still
         * confirmed or refunded (I4).
         */
        CHECK_INTENT,
        /** Give the booking's holds back in Redis (it FAILED, was cancelled, or lost its hold). */
        RELEASE_HOLD,
        /** Give the booking's sold seats back in Redis (a confirmed booking was cancelled). */
        RELEASE_SALE,
        /** Hand a status change to the {@link BookingEvents} subscribers; the payload is its JSON. */
        PUBLISH
    }

    /**
     * {@code intentId} is the payload: the intent for PSP work, the event JSON for PUBLISH, the
     * trace headers' JSON for START_PAYMENT.
     * {@code flightIds} (the booking's flights, comma-separated) is for the log lines.
     */
    record Work(long id, String bookingId, Kind kind, String intentId, int attempts, String flightIds) {
    }

    /**
     * Work not done yet, and since when the longest-waiting due row has been due (null when none
     * is): a row waiting for its retry time is not late, one past it is.
     */
    record Backlog(long rows, @Nullable Instant oldestDue) {
    }

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(String bookingId, Kind kind, Instant now) {
        add(bookingId, kind, null, now);
    }

    void add(String bookingId, Kind kind, @Nullable String intentId, Instant now) {
        add(bookingId, kind, intentId, now, now);
    }

    /**
     * Adds work due at {@code dueAt}: a row written for this instance to carry out right after the
     * commit is due only once that instance had its time, so no other relay takes it meanwhile.
     */
    long add(String bookingId, Kind kind, @Nullable String intentId, Instant now, Instant dueAt) {
        var id = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO outbox (booking_id, kind, payload, attempts, next_at, created_at)
                VALUES (:bookingId, :kind, :intentId, 0, :dueAt, :now)
                """)
                .param("bookingId", bookingId)
                .param("kind", kind.name())
                .param("intentId", intentId)
                .param("now", Timestamp.from(now))
                .param("dueAt", Timestamp.from(dueAt))
                .update(id, "id");
        return Objects.requireNonNull(id.getKey()).longValue();
    }

    /** Due work, locked so that another instance's worker skips it. */
    List<Work> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT o.id, o.booking_id, o.kind, o.payload, o.attempts,
                       (SELECT string_agg(l.flight_id, ',' ORDER BY l.flight_id) FROM booking_leg l
                        WHERE l.booking_id = o.booking_id) AS flight_ids
                FROM outbox o
                WHERE o.done_at IS NULL AND o.next_at <= :now
                ORDER BY o.next_at
                LIMIT :limit
                FOR UPDATE OF o SKIP LOCKED
                """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Work(rs.getLong(1), rs.getString(2), Kind.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getInt(5), Objects.requireNonNullElse(rs.getString(6), "")))
                .list();
    }

    /** Keeps the row from other workers until {@code until}, while this one calls the PSP. */
    void lease(long id, Instant until) {
        jdbc.sql("UPDATE outbox SET next_at = :until WHERE id = :id")
                .param("id", id).param("until", Timestamp.from(until)).update();
    }

    void done(long id, Instant now) {
        jdbc.sql("UPDATE outbox SET done_at = :now, attempts = attempts + 1 WHERE id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    Backlog backlog(Instant now) {
        return jdbc.sql("""
                SELECT count(*), min(next_at) FILTER (WHERE next_at <= :now) FROM outbox WHERE done_at IS NULL
                """)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> {
                    var oldest = rs.getTimestamp(2);
                    return new Backlog(rs.getLong(1), oldest == null ? null : oldest.toInstant());
                })
                .single();
    }

    int purgeDoneBefore(Instant instant) {
        return jdbc.sql("DELETE FROM outbox WHERE done_at IS NOT NULL AND done_at < :instant")
                .param("instant", Timestamp.from(instant)).update();
    }

    void retryAt(long id, Instant nextAt) {
        jdbc.sql("UPDATE outbox SET attempts = attempts + 1, next_at = :nextAt WHERE id = :id")
                .param("id", id).param("nextAt", Timestamp.from(nextAt)).update();
    }
}
