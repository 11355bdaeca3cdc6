package dev.seatbooking.flight;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FlightRepository {

    private final JdbcClient jdbc;

    FlightRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Throws DuplicateKeyException when the id is taken. */
    void insert(Flight flight, Instant now) {
        jdbc.sql("""
                INSERT INTO flight (id, origin, destination, departure_time, capacity, seats_sold, price, currency, created_at)
                VALUES (:id, :origin, :destination, :departure, :capacity, 0, :price, :currency, :now)
                """)
                .param("id", flight.id())
                .param("origin", flight.origin())
                .param("destination", flight.destination())
                .param("departure", Timestamp.from(flight.departureTime()))
                .param("capacity", flight.capacity())
                .param("price", flight.price())
                .param("currency", flight.currency())
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<Flight> find(String id) {
        return jdbc.sql("""
                SELECT id, origin, destination, departure_time, capacity, seats_sold, price, currency
                FROM flight WHERE id = :id
                """)
                .param("id", id)
                .query((rs, n) -> new Flight(rs.getString("id"), rs.getString("origin"), rs.getString("destination"),
                        rs.getTimestamp("departure_time").toInstant(), rs.getInt("capacity"), rs.getInt("seats_sold"),
                        rs.getBigDecimal("price"), rs.getString("currency")))
                .optional();
    }
}
