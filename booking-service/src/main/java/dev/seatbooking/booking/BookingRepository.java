package dev.seatbooking.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class BookingRepository {

    private final JdbcClient jdbc;

    BookingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Booking booking) {
        jdbc.sql("""
                INSERT INTO booking (id, user_id, status, seats, total_price, currency, hold_expires_at,
                                     payment_method, created_at, updated_at, version)
                VALUES (:id, :userId, :status, :seats, :totalPrice, :currency, :holdExpiresAt,
                        :paymentMethod, :createdAt, :createdAt, 0)
                """)
                .param("paymentMethod", booking.paymentMethod())
                .param("id", booking.id())
                .param("userId", booking.userId())
                .param("status", booking.status().name())
                .param("seats", booking.seats())
                .param("totalPrice", booking.totalPrice())
                .param("currency", booking.currency())
                .param("holdExpiresAt", Timestamp.from(booking.holdExpiresAt()))
                .param("createdAt", Timestamp.from(booking.createdAt()))
                .update();
        for (var leg : booking.legs()) {
            jdbc.sql("INSERT INTO booking_leg (booking_id, flight_id, seats) VALUES (:bookingId, :flightId, :seats)")
                    .param("bookingId", booking.id())
                    .param("flightId", leg.flightId())
                    .param("seats", leg.seats())
                    .update();
        }
    }

    public Optional<Booking> find(String id) {
        return select(id, "");
    }

    /**
     * Reads the booking and locks its row until the transaction ends: every payment outcome and
     * cancellation of one booking runs one after the other, so the Redis step and the database
     * step of each stay together.
     */
    public Optional<Booking> lock(String id) {
        return select(id, " FOR UPDATE");
    }

    private Optional<Booking> select(String id, String lock) {
        var legs = legsOf(List.of(id)).getOrDefault(id, List.of());
        return jdbc.sql("""
                SELECT id, user_id, status, seats, total_price, currency, hold_expires_at, payment_method,
                       payment_intent_id, payment_status, created_at, updated_at
                FROM booking WHERE id = :id""" + lock)
                .param("id", id)
                .query((rs, n) -> booking(rs, legs))
                .optional();
    }

    /**
     * Marks the booking's payment start as under way, before the PSP is called: until the start has
     * recorded the intent the PSP made, an event for an unrecorded intent that names the booking may
     * be that intent and is answered for redelivery. False when the booking is no longer PENDING
     * (cancelled before its payment started), or has its intent already.
     */
    public boolean markPaymentStarting(String id, String trace, Instant now) {
        return jdbc.sql("""
                UPDATE booking SET payment_status = :starting, payment_trace = COALESCE(payment_trace, :trace),
                                   updated_at = :now
                WHERE id = :id AND status = 'PENDING' AND payment_intent_id IS NULL
                """)
                .param("id", id)
                .param("starting", PaymentStatuses.STARTING)
                .param("trace", trace)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** The start gave up without an intent (its hold lapsed first): no intent of this booking's is to come. */
    public void abandonPaymentStart(String id, Instant now) {
        jdbc.sql("""
                UPDATE booking SET payment_status = :abandoned, updated_at = :now
                WHERE id = :id AND payment_intent_id IS NULL AND payment_status = :starting
                """)
                .param("id", id)
                .param("abandoned", PaymentStatuses.START_ABANDONED)
                .param("starting", PaymentStatuses.STARTING)
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Records the PSP's reply to the payment start: the intent id always, the payment status only
     * while the booking is PENDING (a webhook may have moved it on already).
     */
    public void recordStartedPayment(String id, String intentId, String paymentStatus, Instant now) {
        jdbc.sql("""
                UPDATE booking SET payment_intent_id = COALESCE(payment_intent_id, :intentId),
                       payment_status = CASE WHEN status = 'PENDING' OR payment_status = :starting
                                             THEN :paymentStatus ELSE payment_status END,
                       updated_at = :now
                WHERE id = :id
                """)
                .param("id", id)
                .param("intentId", intentId)
                .param("paymentStatus", paymentStatus)
                .param("starting", PaymentStatuses.STARTING)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The booking whose own recorded payment the intent is, if any. */
    public Optional<String> ownerOfIntent(String intentId) {
        return jdbc.sql("SELECT id FROM booking WHERE payment_intent_id = :intentId")
                .param("intentId", intentId)
                .query(String.class)
                .optional();
    }

    /** Whether the intent is the recorded payment of a booking other than this one. */
    public boolean isIntentOfAnother(String intentId, String bookingId) {
        return jdbc.sql("SELECT COUNT(*) FROM booking WHERE payment_intent_id = :intentId AND id <> :id")
                .param("intentId", intentId)
                .param("id", bookingId)
                .query(Integer.class)
                .single() > 0;
    }

    /** Records what the PSP said; an intent id once set stays (a retried start returns the same intent). */
    public void recordPayment(String id, String intentId, String paymentStatus, Instant now) {
        jdbc.sql("""
                UPDATE booking SET payment_intent_id = COALESCE(payment_intent_id, :intentId),
                                   payment_status = :paymentStatus, updated_at = :now
                WHERE id = :id
                """)
                .param("id", id)
                .param("intentId", intentId)
                .param("paymentStatus", paymentStatus)
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Moves the payment status of the booking's own intent on from {@code expected} only, so that a
     * PSP answer that comes late never overwrites what happened meanwhile (a cancel's refund, say).
     */
    public boolean recordPaymentIf(String id, String intentId, String expected, String paymentStatus, Instant now) {
        return jdbc.sql("""
                UPDATE booking SET payment_status = :paymentStatus, updated_at = :now
                WHERE id = :id AND payment_intent_id = :intentId AND payment_status = :expected
                """)
                .param("id", id)
                .param("intentId", intentId)
                .param("expected", expected)
                .param("paymentStatus", paymentStatus)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    public List<BookingEvent> events(String id) {
        return jdbc.sql("SELECT from_status, to_status, cause, at FROM booking_event WHERE booking_id = :id ORDER BY id")
                .param("id", id)
                .query((rs, n) -> new BookingEvent(
                        rs.getString(1) == null ? null : BookingStatus.valueOf(rs.getString(1)),
                        BookingStatus.valueOf(rs.getString(2)), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
    }

    /**
     * Locks up to {@code limit} PENDING bookings whose hold lapsed before {@code now}. SKIP LOCKED
     * lets several instances run the expiry job at once without waiting on, or doubling, each other.
     */
    public List<String> lockLapsedPending(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM booking
                WHERE status = 'PENDING' AND hold_expires_at <= :now
                ORDER BY hold_expires_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /**
     * The bookings on the flight that are still PENDING or CONFIRMED, oldest first: what a flight's
     * cancel has left to void or refund (at most its capacity). Not locked: each is cancelled under
     * its own lock.
     */
    public List<String> liveOnFlight(String flightId) {
        return jdbc.sql("""
                SELECT b.id FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status IN ('PENDING', 'CONFIRMED')
                ORDER BY b.created_at, b.id
                """)
                .param("flightId", flightId)
                .query(String.class)
                .list();
    }

    /**
     * Cancelled flights departing after {@code departingAfter} that still have PENDING or CONFIRMED
     * bookings (the flight's status is the flight feature's row; flight_cancelled indexes them).
     */
    public List<String> cancelledFlightsWithLiveBookings(Instant departingAfter) {
        return jdbc.sql("""
                SELECT DISTINCT l.flight_id FROM flight f
                JOIN booking_leg l ON l.flight_id = f.id
                JOIN booking b ON b.id = l.booking_id
                WHERE f.status = 'CANCELLED' AND f.departure_time > :after AND b.status IN ('PENDING', 'CONFIRMED')
                """)
                .param("after", Timestamp.from(departingAfter))
                .query(String.class)
                .list();
    }

    /**
     * How each of the bookings stands now, as {@link #stateOf} writes it: its status, payment status
     * and last change; ids the database does not know are left out.
     */
    public Map<String, String> statesOf(Collection<String> bookingIds) {
        Map<String, String> states = new HashMap<>();
        jdbc.sql("SELECT id, status, payment_status, updated_at FROM booking WHERE id IN (:ids)")
                .param("ids", bookingIds)
                .query(rs -> {
                    states.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3) + "|"
                            + rs.getTimestamp(4).toInstant());
                });
        return states;
    }

    /** A booking's state as {@link #statesOf} reads it: equal strings, the same booking as far as its owner sees. */
    public static String stateOf(Booking booking) {
        return booking.status() + "|" + booking.paymentStatus() + "|" + booking.updatedAt();
    }

    /** The recorded payment intent of each of the bookings that has one. */
    public Map<String, String> intentsOf(Collection<String> bookingIds) {
        Map<String, String> intents = new HashMap<>();
        jdbc.sql("SELECT id, payment_intent_id FROM booking WHERE id IN (:ids) AND payment_intent_id IS NOT NULL")
                .param("ids", bookingIds)
                .query(rs -> {
                    intents.put(rs.getString(1), rs.getString(2));
                });
        return intents;
    }

    /** Each booking's flights, comma-separated, for log lines and outbox rows; in the order of the ids. */
    public Map<String, String> flightIdsOf(List<String> bookingIds) {
        var legs = legsOf(bookingIds);
        Map<String, String> flightIds = new LinkedHashMap<>();
        for (String id : bookingIds) {
            flightIds.put(id, String.join(",", legs.getOrDefault(id, List.of()).stream().map(BookingLeg::flightId).toList()));
        }
        return flightIds;
    }

    /** One page of a user's bookings, newest first (the booking id breaks ties). */
    List<Booking> ofUser(String userId, int page, int size) {
        var rows = jdbc.sql("""
                SELECT id, user_id, status, seats, total_price, currency, hold_expires_at, payment_method,
                       payment_intent_id, payment_status, created_at, updated_at
                FROM booking WHERE user_id = :userId
                ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset""")
                .param("userId", userId)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> booking(rs, List.of()))
                .list();
        if (rows.isEmpty()) {
            return rows;
        }
        var legs = legsOf(rows.stream().map(Booking::id).toList());
        return rows.stream().map(b -> b.withLegs(legs.getOrDefault(b.id(), List.of()))).toList();
    }

    long countOfUser(String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM booking WHERE user_id = :userId").param("userId", userId)
                .query(Long.class).single();
    }

    Map<String, List<BookingLeg>> legsOf(Collection<String> bookingIds) {
        Map<String, List<BookingLeg>> legs = new HashMap<>();
        jdbc.sql("SELECT booking_id, flight_id, seats FROM booking_leg WHERE booking_id IN (:ids) ORDER BY flight_id")
                .param("ids", bookingIds)
                .query(rs -> {
                    legs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new BookingLeg(rs.getString(2), rs.getInt(3)));
                });
        return legs;
    }

    private static Booking booking(ResultSet rs, List<BookingLeg> legs) throws SQLException {
        return new Booking(rs.getString("id"), rs.getString("user_id"), BookingStatus.valueOf(rs.getString("status")),
                rs.getInt("seats"), legs, rs.getBigDecimal("total_price"), rs.getString("currency"),
                rs.getTimestamp("hold_expires_at").toInstant(), rs.getString("payment_method"),
                rs.getString("payment_intent_id"),
                rs.getString("payment_status"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
