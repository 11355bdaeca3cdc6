package dev.seatbooking.benchmark;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claim a team would write without Redis: one transaction that takes the seats with a
 * conditional UPDATE of the flight's row (so it never oversells) and records the hold. Every claim
 * on a flight waits for that row's lock, which is what the benchmark shows. Its own tables,
 * dropped afterwards.
 */
final class DatabaseOnlyClaims {

    private static final String FLIGHT_PREFIX = "BENCHDB";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    DatabaseOnlyClaims(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Flights BENCHDB0 .. BENCHDB(flights - 1), each with the given capacity. */
    void create(int capacity, int flights) {
        drop();
        jdbc.sql("CREATE TABLE bench_flight (id VARCHAR(12) PRIMARY KEY, capacity INTEGER NOT NULL, held INTEGER NOT NULL,"
                + " sold INTEGER NOT NULL)").update();
        jdbc.sql("CREATE TABLE bench_hold (booking_id VARCHAR(32) PRIMARY KEY, flight_id VARCHAR(12) NOT NULL,"
                + " seats INTEGER NOT NULL, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)").update();
        for (int f = 0; f < flights; f++) {
            jdbc.sql("INSERT INTO bench_flight (id, capacity, held, sold) VALUES (:id, :capacity, 0, 0)")
                    .param("id", FLIGHT_PREFIX + f).param("capacity", capacity).update();
        }
    }

    void claim(String bookingId, int flight) {
        String flightId = FLIGHT_PREFIX + flight;
        transactions.executeWithoutResult(tx -> {
            int taken = jdbc.sql("UPDATE bench_flight SET held = held + 1 WHERE id = :id AND sold + held + 1 <= capacity")
                    .param("id", flightId).update();
            if (taken != 1) {
                throw new IllegalStateException("Claim refused by the database");
            }
            jdbc.sql("INSERT INTO bench_hold (booking_id, flight_id, seats, expires_at) VALUES (:booking, :flight, 1, :expires)")
                    .param("booking", bookingId).param("flight", flightId)
                    .param("expires", Timestamp.from(Instant.now().plus(Duration.ofMinutes(5)))).update();
        });
    }

    void drop() {
        jdbc.sql("DROP TABLE IF EXISTS bench_hold").update();
        jdbc.sql("DROP TABLE IF EXISTS bench_flight").update();
    }
}
