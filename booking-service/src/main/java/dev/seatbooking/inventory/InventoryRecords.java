package dev.seatbooking.inventory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the database says a flight's inventory is. Redis is repaired from these rows, never the
 * other way: the database commit is the decision.
 */
@Repository
class InventoryRecords {

    record FlightCounts(int capacity, int seatsSold) {
    }

    record PendingHold(String bookingId, int seats, Instant expiresAt) {
    }

    record Sale(String bookingId, int seats) {
    }

    private final JdbcClient jdbc;

    InventoryRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a rebuild loads, from one statement, so one snapshot even inside a caller's transaction. */
    record Snapshot(FlightCounts counts, List<PendingHold> holds, List<Sale> sales) {
    }

    /**
     * Capacity, seats sold, live holds and sales of a flight in one statement: separate reads could
     * see a confirm commit between them, and count its seats neither as sold nor as held.
     */
    Optional<Snapshot> snapshot(String flightId, Instant holdsExpiringAfter) {
        List<PendingHold> holds = new ArrayList<>();
        List<Sale> sales = new ArrayList<>();
        FlightCounts[] counts = new FlightCounts[1];
        jdbc.sql("""
                SELECT 'F' AS kind, id AS booking_id, capacity AS a, seats_sold AS b, NULL AS expires_at
                FROM flight WHERE id = :flightId
                UNION ALL
                SELECT 'H', b.id, l.seats, 0, b.hold_expires_at
                FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = 'PENDING' AND b.hold_expires_at > :after
                UNION ALL
                SELECT 'S', b.id, l.seats, 0, NULL
                FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = 'CONFIRMED'
                """)
                .param("flightId", flightId)
                .param("after", Timestamp.from(holdsExpiringAfter))
                .query(rs -> {
                    switch (rs.getString("kind")) {
                        case "F" -> counts[0] = new FlightCounts(rs.getInt("a"), rs.getInt("b"));
                        case "H" -> holds.add(new PendingHold(rs.getString("booking_id"), rs.getInt("a"),
                                rs.getTimestamp("expires_at").toInstant()));
                        default -> sales.add(new Sale(rs.getString("booking_id"), rs.getInt("a")));
                    }
                });
        return counts[0] == null ? Optional.empty() : Optional.of(new Snapshot(counts[0], holds, sales));
    }

    Optional<FlightCounts> counts(String flightId) {
        return jdbc.sql("SELECT capacity, seats_sold FROM flight WHERE id = :id")
                .param("id", flightId)
                .query((rs, n) -> new FlightCounts(rs.getInt("capacity"), rs.getInt("seats_sold")))
                .optional();
    }

    /**
     * Locks the bookings and answers their statuses; bookings locked by a running flow, and ids the
     * database does not know, are left out. Call inside a transaction: the locks last until it ends.
     */
    Map<String, String> lockStatuses(Collection<String> bookingIds) {
        if (bookingIds.isEmpty()) {
            return Map.of();
        }
        Map<String, String> statuses = new HashMap<>();
        jdbc.sql("SELECT id, status FROM booking WHERE id IN (:ids) FOR UPDATE SKIP LOCKED")
                .param("ids", bookingIds)
                .query(rs -> {
                    statuses.put(rs.getString(1), rs.getString(2));
                });
        return statuses;
    }

    /** Flights that may still take bookings, for the sweeper. */
    List<String> flightsDepartingAfter(Instant instant) {
        return jdbc.sql("SELECT id FROM flight WHERE departure_time > :instant")
                .param("instant", Timestamp.from(instant))
                .query(String.class)
                .list();
    }

    /** The next {@code limit} flights to depart after {@code instant}, soonest first, for the gauges. */
    List<String> nextDepartures(Instant instant, int limit) {
        return jdbc.sql("SELECT id FROM flight WHERE departure_time > :instant ORDER BY departure_time, id LIMIT :limit")
                .param("instant", Timestamp.from(instant))
                .param("limit", limit)
                .query(String.class)
                .list();
    }
}
