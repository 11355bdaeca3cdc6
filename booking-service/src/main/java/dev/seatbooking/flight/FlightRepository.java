package dev.seatbooking.flight;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.seatbooking.inventory.FlightStatus;
import org.jspecify.annotations.Nullable;
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

    /** What a flight search asks for: optional route, departures in [from, to), one page. */
    record Search(@Nullable String origin, @Nullable String destination, Instant from, Instant to, int page, int size) {
    }

    /** The flights of one page of a search, by departure, and how many match in all. */
    record Found(List<Flight> flights, long total) {
    }

    Found search(Search search) {
        // Only fixed SQL is joined in; every value is a parameter.
        String where = "departure_time >= :from AND departure_time < :to"
                + (search.origin() == null ? "" : " AND origin = :origin")
                + (search.destination() == null ? "" : " AND destination = :destination");
        Map<String, Object> params = new HashMap<>();
        params.put("from", Timestamp.from(search.from()));
        params.put("to", Timestamp.from(search.to()));
        if (search.origin() != null) {
            params.put("origin", search.origin());
        }
        if (search.destination() != null) {
            params.put("destination", search.destination());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM flight WHERE " + where).params(params).query(Long.class).single();
        var flights = jdbc.sql("SELECT id, origin, destination, departure_time, capacity, seats_sold, price, currency"
                        + " FROM flight WHERE " + where + " ORDER BY departure_time, id LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", search.size())
                .param("offset", (long) search.page() * search.size())
                .query(FlightRepository::flight)
                .list();
        return new Found(flights, total);
    }

    /**
     * Moves the flight to {@code to} unless it is already there or past it (CANCELLED is final,
     * CLOSED only goes on to CANCELLED). Answers the status after, or empty for an unknown flight.
     * The row lock orders it with confirms: a sale committed before it stands, one after it finds
     * a CANCELLED flight ({@link FlightSales#sell}).
     */
    Optional<FlightStatus> advanceStatus(String id, FlightStatus to) {
        jdbc.sql("""
                UPDATE flight SET status = :to
                WHERE id = :id AND status <> 'CANCELLED' AND (status = 'OPEN' OR :to = 'CANCELLED')
                """)
                .param("id", id)
                .param("to", to.name())
                .update();
        return jdbc.sql("SELECT status FROM flight WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> FlightStatus.valueOf(rs.getString(1)))
                .optional();
    }

    Optional<Flight> find(String id) {
        return jdbc.sql("""
                SELECT id, origin, destination, departure_time, capacity, seats_sold, price, currency
                FROM flight WHERE id = :id
                """)
                .param("id", id)
                .query(FlightRepository::flight)
                .optional();
    }

    private static Flight flight(ResultSet rs, int row) throws SQLException {
        return new Flight(rs.getString("id"), rs.getString("origin"), rs.getString("destination"),
                rs.getTimestamp("departure_time").toInstant(), rs.getInt("capacity"), rs.getInt("seats_sold"),
                rs.getBigDecimal("price"), rs.getString("currency"));
    }
}
