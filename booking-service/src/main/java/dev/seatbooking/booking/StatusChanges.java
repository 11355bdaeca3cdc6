package dev.seatbooking.booking;

import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of a booking's status. Every change (claim, confirm, fail, cancel, time out,
 * refund) is written here, in the caller's transaction: the guarded update of DESIGN section 4's
 * table ({@link BookingStatus#next}), whose row count must match or the transaction rolls back;
 * the line of history; the publication through the outbox; and, once the transaction commits, the
 * {@code bookings.created.total} count. The caller holds the booking's row lock, so it knows the
 * status it changes from.
 */
@Component
public class StatusChanges {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final JsonMapper json;
    private final BookingMetrics metrics;

    StatusChanges(JdbcClient jdbc, Outbox outbox, JsonMapper json, BookingMetrics metrics) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.metrics = metrics;
    }

    /** A booking just inserted as PENDING: its first line of history, from no status. */
    public void opened(Booking booking, String cause) {
        record(booking.id(), booking.flightIds(), null, BookingStatus.PENDING, cause, booking.createdAt());
        countOnCommit(BookingStatus.PENDING, 1);
    }

    /** Moves the locked booking from the status it has to {@code to}. */
    public void change(Booking booking, BookingStatus to, String cause, Instant now) {
        change(Map.of(booking.id(), booking.flightIds()), booking.status(), to, cause, now);
    }

    /** Moves the locked PENDING bookings whose holds lapsed to TIMEOUT; by id, with their flights. */
    public void timeOut(Map<String, String> flightIdsById, String cause, Instant now) {
        change(flightIdsById, BookingStatus.PENDING, BookingStatus.TIMEOUT, cause, now);
    }

    /**
     * Notes in the booking's history something that happened to it without changing its status (a
     * stranger's payment that named it, refunded): from and to are both its status. Not published.
     */
    public void note(Booking booking, String cause, Instant at) {
        insertEvent(booking.id(), booking.status(), booking.status(), cause, at);
    }

    private void change(Map<String, String> flightIdsById, BookingStatus from, BookingStatus to, String cause,
            Instant now) {
        var ids = List.copyOf(flightIdsById.keySet());
        if (!from.canBecome(to)) {
            throw new IllegalStateException("A booking never goes from " + from + " to " + to);
        }
        int changed = jdbc.sql("""
                UPDATE booking SET status = :to, updated_at = :now, version = version + 1
                WHERE id IN (:ids) AND status = :from
                """)
                .param("ids", ids)
                .param("from", from.name())
                .param("to", to.name())
                .param("now", Timestamp.from(now))
                .update();
        if (changed != ids.size()) {
            throw new IllegalStateException(
                    (ids.size() == 1 ? "Booking " + ids.get(0) + " was" : changed + " of " + ids + " were")
                            + " not " + from + " when it was to become " + to);
        }
        flightIdsById.forEach((id, flightIds) -> record(id, flightIds, from, to, cause, now));
        countOnCommit(to, ids.size());
    }

    /** The change's line of history and its publication to {@link BookingEvents} subscribers. */
    private void record(String id, String flightIds, @Nullable BookingStatus from, BookingStatus to, String cause,
            Instant at) {
        insertEvent(id, from, to, cause, at);
        outbox.add(id, flightIds, OutboxKind.PUBLISH,
                json.writeValueAsString(new BookingStatusChanged(id, from, to, cause, at)), at);
    }

    /** One line of the booking's history; the cause is cut to the column's 255 characters. */
    private void insertEvent(String id, @Nullable BookingStatus from, BookingStatus to, String cause, Instant at) {
        jdbc.sql("""
                INSERT INTO booking_event (booking_id, from_status, to_status, cause, at)
                VALUES (:id, :from, :to, :cause, :at)
                """)
                .param("id", id)
                .param("from", from == null ? null : from.name())
                .param("to", to.name())
                .param("cause", cause.length() > 255 ? cause.substring(0, 255) : cause)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Counted once the change is durable: a rolled-back change entered nothing. */
    private void countOnCommit(BookingStatus status, int bookings) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                metrics.entered(status, bookings);
            }
        });
    }
}
