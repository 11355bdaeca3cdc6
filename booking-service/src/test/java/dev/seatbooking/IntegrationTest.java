package dev.seatbooking;

import dev.seatbooking.inventory.InventoryKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Base of the integration tests: the whole service on a random port, against real Redis and
 * PostgreSQL (embedded ones, started once per JVM, unless SPRING_DATA_REDIS_URL and
 * SPRING_DATASOURCE_URL point elsewhere). Tests keep apart by using fresh flight and user ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // The in-process PSP, with a key the tests know, answers in tenths of a second instead of seconds.
        "simulator.enabled=true", "simulator.api-key=" + TestApi.PSP_KEY, "simulator.event-delay-min=50ms", "simulator.event-delay-max=200ms", "simulator.late-delay=3s",
        "simulator.webhook-first-retry=100ms", "booking.outbox-relay-interval=200ms",
        // The simulator answers in milliseconds: a lease lost in a database outage need not last minutes.
        "booking.outbox-lease=10s", "booking.payment-start-lease=10s",
        // Tests run the reconciler themselves; a scheduled round would repair what they set up.
        "booking.reconcile-initial-delay=1h", "booking.reconcile-interval=1h",
        // Tests come from one address and some claim many times as one user: RateLimitTests starts
        // instances of its own with low limits.
        "booking.rate-limit.per-ip-enabled=false", "booking.rate-limit.per-user=1000000",
        // Dev mode: tokens signed with the tests' key (TestApi mints them).
        "security.dev-tokens.enabled=true", "security.dev-tokens.secret=" + TestApi.TOKEN_SECRET,
        // A webhook secret rotation in progress: the previous secret is still accepted.
        "payment.webhook-previous-secret=whsec_previous_secret_of_the_tests",
        // The suite keeps many contexts and instances alive on one embedded PostgreSQL: an idle one
        // holds 2 connections, not its whole pool, and gives back what a burst took after 30 s.
        "spring.datasource.hikari.minimum-idle=2", "spring.datasource.hikari.idle-timeout=30000",
        // The gauges' samplers only read; tests see their figures within a second.
        "booking.inventory-gauge-interval=1s", "booking.outbox-gauge-interval=1s", "booking.dependency-probe-interval=1s",
        // Every booking is traced, and finished spans reach RecentSpans within a tenth of a second.
        "management.tracing.sampling.probability=1.0", "management.opentelemetry.tracing.export.schedule-delay=100ms"})
@Import(IntegrationTest.FinishedSpans.class)
public abstract class IntegrationTest {

    /** Keeps the spans the service finishes, for TracingTests; Boot hands every SpanExporter its spans. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FinishedSpans {

        @Bean
        RecentSpans recentSpans() {
            return new RecentSpans();
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected Environment environment;

    protected TestApi api;

    @BeforeEach
    void connectApi() {
        api = new TestApi(port);
    }

    /** Redis's counts of a flight, read straight from its hash (no purge). */
    protected int[] redisCounts(String flightId) {
        var values = redis.opsForHash().multiGet(InventoryKeys.of(flightId).inventory(), List.of("capacity", "sold", "held"));
        return values.stream().mapToInt(v -> v == null ? -1 : Integer.parseInt((String) v)).toArray();
    }

    /** Redis's clock, which decides when holds lapse (the JVM's may differ from an external Redis's). */
    protected Instant redisNow() {
        return Instant.ofEpochMilli(redis.execute((RedisCallback<Long>) c ->
                c.serverCommands().time(TimeUnit.MILLISECONDS)));
    }

    /** Waits until Redis's clock has passed the instant. */
    protected void awaitRedisTimePast(Instant instant) {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> redisNow().isAfter(instant));
    }

    protected void awaitStatus(String bookingId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(bookingStatus(bookingId)));
    }

    protected int seatsSold(String flightId) {
        return jdbc.sql("SELECT seats_sold FROM flight WHERE id = :id").param("id", flightId).query(Integer.class).single();
    }

    /** The simulator's refunds of one intent. */
    protected long refundsOf(String intentId) {
        var refunds = api.ledger().path("refunds");
        long count = 0;
        for (var refund : refunds) {
            if (intentId.equals(refund.path("payment_intent").asString())) {
                count++;
            }
        }
        return count;
    }

    /**
     * A PSP event of the booking's own intent, for exactly its price, as the PSP would send it once
     * the booking's payment has started (unsigned; see {@link #deliverSigned}).
     */
    protected String ownPaymentEvent(String type, String eventId, String bookingId) {
        String intentId = intentOf(bookingId);
        var price = jdbc.sql("SELECT total_price, currency FROM booking WHERE id = :id").param("id", bookingId)
                .query((rs, n) -> Map.entry(rs.getBigDecimal(1), rs.getString(2))).single();
        return TestApi.paymentEvent(type, eventId, intentId, bookingId,
                dev.seatbooking.payment.PaymentAmounts.minorUnits(price.getKey(), price.getValue()),
                price.getValue().toLowerCase());
    }

    protected String intentOf(String bookingId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId)
                        .query(String.class).optional().isPresent());
        return jdbc.sql("SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId)
                .query(String.class).single();
    }

    /** Starts the embedded Redis again; its port may take a moment to be free after a stop. */
    protected static void startRedisAgain(redis.embedded.RedisServer server) {
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    if (!server.isActive()) {
                        server.start();
                    }
                    return server.isActive();
                });
    }

    /**
     * Arguments that point another service instance (a second context or process) at this one's
     * Redis, database and webhook secret, without a demo flight, with a quick simulator.
     */
    protected List<String> sharedServerArguments() {
        return new ArrayList<>(List.of(
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
                redisArgument(),
                "--payment.webhook-secret=" + environment.getProperty("payment.webhook-secret"),
                "--booking.demo-flight=false",
                "--simulator.enabled=true",
                "--simulator.api-key=" + TestApi.PSP_KEY,
                "--simulator.event-delay-min=50ms",
                "--simulator.event-delay-max=100ms",
                "--booking.outbox-lease=10s", "--booking.payment-start-lease=10s",
                "--spring.datasource.hikari.minimum-idle=2", "--spring.datasource.hikari.idle-timeout=30000",
                // as in this context: tests come from one address (RateLimitTests sets its own)
                "--booking.rate-limit.per-ip-enabled=false",
                "--booking.rate-limit.per-user=1000000",
                "--security.dev-tokens.enabled=true",
                "--security.dev-tokens.secret=" + TestApi.TOKEN_SECRET));
    }

    /** This instance's Redis for another one: a cluster's nodes, or the URL of a single Redis. */
    private String redisArgument() {
        String nodes = environment.getProperty("spring.data.redis.cluster.nodes");
        return nodes != null ? "--spring.data.redis.cluster.nodes=" + nodes
                : "--spring.data.redis.url=" + environment.getProperty("spring.data.redis.url");
    }

    /** Another instance of the service in this JVM, on the same servers; close it when done. */
    protected ConfigurableApplicationContext startAnotherInstance(String... arguments) {
        var all = sharedServerArguments();
        all.add("--server.port=0");
        all.add("--booking.reconcile-initial-delay=1h");
        // A property given twice on the command line would be read as "a,b": the caller's wins.
        for (String argument : arguments) {
            String name = argument.substring(0, argument.indexOf('=') + 1);
            all.removeIf(shared -> shared.startsWith(name));
        }
        all.addAll(List.of(arguments));
        return new SpringApplicationBuilder(SeatBookingApplication.class)
                .run(all.toArray(String[]::new));
    }

    protected static int portOf(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Delivers a webhook to this instance, signed with its secret, as the PSP does. */
    protected TestApi.Response deliverSigned(String payload) {
        String header = TestApi.webhookSignature(payload, environment.getRequiredProperty("payment.webhook-secret"));
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/payments/webhook"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", header)
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
    }

    /** The booking's payment status as the database records it. */
    protected String paymentStatus(String bookingId) {
        return jdbc.sql("SELECT payment_status FROM booking WHERE id = :id").param("id", bookingId)
                .query(String.class).single();
    }

    protected void awaitPaymentStatus(String bookingId, String paymentStatus) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> paymentStatus.equals(paymentStatus(bookingId)));
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
