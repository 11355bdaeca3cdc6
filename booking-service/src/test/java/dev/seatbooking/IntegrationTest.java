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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // The in-process PSP answers in tenths of a second instead of seconds.
        "simulator.event-delay-min=50ms", "simulator.event-delay-max=200ms", "simulator.late-delay=3s",
        "simulator.webhook-first-retry=100ms", "booking.outbox-relay-interval=200ms",
        // Tests run the reconciler themselves; a scheduled round would repair what they set up.
        "booking.reconcile-initial-delay=1h", "booking.reconcile-interval=1h"})
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

    protected void awaitStatus(String bookingId, String status) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> status.equals(bookingStatus(bookingId)));
    }

    protected int seatsSold(String flightId) {
        return jdbc.sql("SELECT seats_sold FROM flight WHERE id = :id").param("id", flightId).query(Integer.class).single();
    }

    /** The simulator's refunds of one intent. */
    protected long refundsOf(String intentId) {
        var refunds = api.get("/psp/ledger").body().path("refunds");
        long count = 0;
        for (var refund : refunds) {
            if (intentId.equals(refund.path("payment_intent").asString())) {
                count++;
            }
        }
        return count;
    }

    protected String intentOf(String bookingId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId)
                        .query(String.class).optional().isPresent());
        return jdbc.sql("SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId)
                .query(String.class).single();
    }

    /** Starts the embedded Redis again; its port may take a moment to be free after a stop. */
    protected static void startRedisAgain(redis.embedded.RedisServer server) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    if (!server.isActive()) {
                        server.start();
                    }
                    return server.isActive();
                });
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
