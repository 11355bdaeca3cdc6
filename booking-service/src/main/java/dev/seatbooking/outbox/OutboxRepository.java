package dev.seatbooking.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The outbox's rows: work written in the transaction of the change it follows, so it is never lost
 * even if the process dies right after the commit. Done rows keep their done_at until purged.
 */
@Repository
class OutboxRepository {

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

    /** Adds work due at {@code dueAt}, for any instance's relay. */
    void add(String bookingId, String flightIds, OutboxKind kind, @Nullable String payload, Instant now, Instant dueAt) {
        insert(bookingId, flightIds, kind, payload, now, dueAt).update();
    }

    /**
     * Adds work due at {@code dueAt} and answers its id: a row written for this instance to carry out
     * right after the commit is due only once that instance had its time, so no other relay takes it
     * meanwhile.
     */
    long addReturningId(String bookingId, String flightIds, OutboxKind kind, @Nullable String payload, Instant now,
            Instant dueAt) {
        var id = new GeneratedKeyHolder();
        insert(bookingId, flightIds, kind, payload, now, dueAt).update(id, "id");
        return Objects.requireNonNull(id.getKey()).longValue();
    }

    /** The one INSERT of an outbox row; only the rows this instance carries out itself need their id back. */
    private JdbcClient.StatementSpec insert(String bookingId, String flightIds, OutboxKind kind,
            @Nullable String payload, Instant now, Instant dueAt) {
        return jdbc.sql("""
                INSERT INTO outbox (booking_id, flight_ids, kind, payload, attempts, next_at, created_at)
                VALUES (:bookingId, :flightIds, :kind, :payload, 0, :dueAt, :now)
                """)
                .param("bookingId", bookingId)
                .param("flightIds", flightIds)
                .param("kind", kind.name())
                .param("payload", payload)
                .param("now", Timestamp.from(now))
                .param("dueAt", Timestamp.from(dueAt));
    }

    /** Due work, locked so that another instance's worker skips it. */
    List<OutboxWork> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id, booking_id, kind, payload, attempts, flight_ids
                FROM outbox
                WHERE done_at IS NULL AND next_at <= :now
                ORDER BY next_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new OutboxWork(rs.getLong(1), rs.getString(2), OutboxKind.valueOf(rs.getString(3)),
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

    /** The booking's work, done or not, oldest first (done rows until they are purged). */
    List<OutboxEntry> ofBooking(String bookingId) {
        return jdbc.sql("""
                SELECT kind, attempts, created_at, next_at, done_at FROM outbox WHERE booking_id = :bookingId ORDER BY id
                """)
                .param("bookingId", bookingId)
                .query((rs, n) -> new OutboxEntry(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** Work not done yet, by kind: how much, how much of it is due, and the most attempts any row has had. */
    List<OutboxBacklogView.KindBacklog> backlogByKind(Instant now) {
        return jdbc.sql("""
                SELECT kind, count(*), count(*) FILTER (WHERE next_at <= :now), max(attempts), min(next_at) FILTER (WHERE next_at <= :now)
                FROM outbox WHERE done_at IS NULL GROUP BY kind ORDER BY kind
                """)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new OutboxBacklogView.KindBacklog(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getInt(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
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
