package dev.seatbooking;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Base of the integration tests: the whole service on a random port, against real Redis and
 * PostgreSQL (embedded ones, started once per JVM, unless SPRING_DATA_REDIS_URL and
 * SPRING_DATASOURCE_URL point elsewhere). Tests keep apart by using fresh flight and user ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected JdbcClient jdbc;

    protected TestApi api;

    @BeforeEach
    void connectApi() {
        api = new TestApi(port);
    }

    /** Redis's counts of a flight, read straight from its hash (no purge). */
    protected int[] redisCounts(String flightId) {
        var values = redis.opsForHash().multiGet("inv:{" + flightId + "}", java.util.List.of("capacity", "sold", "held"));
        return values.stream().mapToInt(v -> v == null ? -1 : Integer.parseInt((String) v)).toArray();
    }

    /** Redis's clock, which decides when holds lapse (the JVM's may differ from an external Redis's). */
    protected java.time.Instant redisNow() {
        return java.time.Instant.ofEpochMilli(redis.execute((org.springframework.data.redis.core.RedisCallback<Long>) c ->
                c.serverCommands().time(java.util.concurrent.TimeUnit.MILLISECONDS)));
    }

    /** Waits until Redis's clock has passed the instant. */
    protected void awaitRedisTimePast(java.time.Instant instant) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> redisNow().isAfter(instant));
    }

    protected String bookingStatus(String bookingId) {
        return jdbc.sql("SELECT status FROM booking WHERE id = :id").param("id", bookingId).query(String.class).single();
    }

    /** Seats of the flight's bookings in the given status, as the database records them. */
    protected int seatsInStatus(String flightId, String status) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(l.seats), 0) FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = :status
                """)
                .param("flightId", flightId).param("status", status).query(Integer.class).single();
    }
}
