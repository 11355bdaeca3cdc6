package dev.seatbooking.booking;

import dev.seatbooking.inventory.BookedSeats;
import dev.seatbooking.inventory.FlightStatus;
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
 * Answers inventory's questions about the seats bookings hold and bought ({@link BookedSeats}) from
 * the booking tables, which only this feature reads and writes.
 */
@Repository
class BookedSeatsRecords implements BookedSeats {

    private final JdbcClient jdbc;

    BookedSeatsRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One statement, so one snapshot whatever the caller's transaction isolation: that is why the
     * flight's own counts (the flight feature's row) are read here too, beside the bookings. The
     * flight's row carries its status in the booking_id column.
     */
    @Override
    public Optional<Snapshot> snapshot(String flightId, Instant holdsExpiringAfter) {
        List<PendingHold> holds = new ArrayList<>();
        List<Sale> sales = new ArrayList<>();
        FlightCounts[] counts = new FlightCounts[1];
        jdbc.sql("""
                SELECT 'F' AS kind, status AS booking_id, capacity AS a, seats_sold AS b, NULL AS expires_at
                FROM flight WHERE id = :flightId
                UNION ALL
                SELECT 'H', b.id, l.seats, 0, b.hold_expires_at
                FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = :held AND b.hold_expires_at > :after
                UNION ALL
                SELECT 'S', b.id, l.seats, 0, NULL
                FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = :sold
                """)
                .param("flightId", flightId)
                .param("after", Timestamp.from(holdsExpiringAfter))
                .param("held", BookingStatus.PENDING.name())
                .param("sold", BookingStatus.CONFIRMED.name())
                .query(rs -> {
                    switch (rs.getString("kind")) {
                        case "F" -> counts[0] = new FlightCounts(rs.getInt("a"), rs.getInt("b"),
                                FlightStatus.valueOf(rs.getString("booking_id")));
                        case "H" -> holds.add(new PendingHold(rs.getString("booking_id"), rs.getInt("a"),
                                rs.getTimestamp("expires_at").toInstant()));
                        default -> sales.add(new Sale(rs.getString("booking_id"), rs.getInt("a")));
                    }
                });
        return counts[0] == null ? Optional.empty() : Optional.of(new Snapshot(counts[0], holds, sales));
    }

    @Override
    public Map<String, SeatState> lockSeatStates(Collection<String> bookingIds) {
        if (bookingIds.isEmpty()) {
            return Map.of();
        }
        Map<String, SeatState> states = new HashMap<>();
        jdbc.sql("SELECT id, status FROM booking WHERE id IN (:ids) FOR UPDATE SKIP LOCKED")
                .param("ids", bookingIds)
                .query(rs -> {
                    states.put(rs.getString(1), seatState(BookingStatus.valueOf(rs.getString(2))));
                });
        return states;
    }

    private static SeatState seatState(BookingStatus status) {
        return switch (status) {
            case PENDING -> SeatState.HELD;
            case CONFIRMED -> SeatState.SOLD;
            case FAILED, TIMEOUT, CANCELLED, REFUNDED -> SeatState.RELEASED;
        };
    }
}
