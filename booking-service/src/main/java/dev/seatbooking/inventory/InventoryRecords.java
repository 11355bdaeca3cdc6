package dev.seatbooking.inventory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the database says about flights, for inventory's jobs; what it says about their seats'
 * bookings comes through {@link BookedSeats}. Redis is repaired from the database, never the other
 * way: the database commit is the decision.
 */
@Repository
class InventoryRecords {

    private final JdbcClient jdbc;

    InventoryRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<BookedSeats.FlightCounts> counts(String flightId) {
        return jdbc.sql("SELECT capacity, seats_sold, status FROM flight WHERE id = :id")
                .param("id", flightId)
                .query((rs, n) -> new BookedSeats.FlightCounts(rs.getInt("capacity"), rs.getInt("seats_sold"),
                        FlightStatus.valueOf(rs.getString("status"))))
                .optional();
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
