package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.system.EmbeddedServers;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;

/** I6: Redis may lose everything at any moment; the database rebuilds it and nothing is oversold. */
class RedisResetTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void flushAllInTheMiddleOfAFlashCrowdOversellsNothing() throws Exception {
        String flightId = api.createFlight(100);
        int buyers = 300;
        double rebuildsBefore = rebuilds();
        int answeredAtFlush;
        var start = new CountDownLatch(1);
        var answered = new AtomicInteger();
        var held = new ConcurrentLinkedQueue<String>();
        var outcomes = new ConcurrentLinkedQueue<String>();
        try (var pool = Executors.newFixedThreadPool(64)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    var response = api.claim(TestApi.newUserId(), flightId, 1);
                    if (response.status() == 201) {
                        held.add(response.body().path("bookingId").asString());
                    }
                    outcomes.add(response.status() + " " + response.error());
                    answered.incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= 40);
            redis.execute((RedisCallback<Void>) c -> {
                c.serverCommands().flushAll();
                return null;
            });
            answeredAtFlush = answered.get();
            for (var call : calls) {
                call.get();
            }
        }

        assertThat(answeredAtFlush).as("claims answered when Redis was flushed").isLessThan(buyers);
        assertThat(rebuilds()).isGreaterThan(rebuildsBefore);
        assertThat(outcomes).allMatch(o -> o.equals("201 ") || o.equals("409 NO_SEATS"));
        assertThat(held).hasSizeLessThanOrEqualTo(100);
        assertRedisMatchesDatabase(flightId, Set.copyOf(held));

        assertFillsUpToCapacity(flightId, held.size());
        assertThat(seatsInStatus(flightId, "PENDING")).isEqualTo(100);
        assertThat(redisCounts(flightId)).containsExactly(100, 0, 100);
    }

    @Test
    void redisKilledAndRestartedWhile200ThreadsClaimOversellsNothing() throws Exception {
        var embedded = EmbeddedServers.redis();
        String flightId = api.createFlight(100);
        int buyers = 200;
        var start = new CountDownLatch(1);
        var answered = new AtomicInteger();
        var held = new ConcurrentLinkedQueue<String>();
        var outcomes = new ConcurrentLinkedQueue<String>();
        try (var pool = Executors.newFixedThreadPool(buyers)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    // Each buyer retries after a 503, as the Retry-After asks, a few times.
                    for (int attempt = 0; attempt < 20; attempt++) {
                        var response = api.claim(TestApi.newUserId(), flightId, 1);
                        outcomes.add(response.status() + " " + response.error());
                        if (response.status() == 201) {
                            held.add(response.body().path("bookingId").asString());
                        }
                        if (response.status() != 503) {
                            break;
                        }
                        Thread.sleep(250);
                    }
                    answered.incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> !outcomes.isEmpty());
            if (embedded.isPresent()) {
                stop(embedded.get());
                Thread.sleep(500);
                start(embedded.get());
            } else {
                redis.execute((RedisCallback<Void>) c -> {
                    c.serverCommands().flushAll();
                    return null;
                });
            }
            for (var call : calls) {
                call.get();
            }
        }

        assertThat(outcomes).allMatch(o -> o.equals("201 ") || o.equals("409 NO_SEATS")
                || o.equals("503 INVENTORY_UNAVAILABLE"));
        assertThat(held).hasSizeLessThanOrEqualTo(100);
        assertRedisMatchesDatabase(flightId, Set.copyOf(held));
        assertFillsUpToCapacity(flightId, held.size());
        assertThat(redisCounts(flightId)).containsExactly(100, 0, 100);
    }

    @Test
    void restartedRedisIsRebuiltFromTheDatabase() {
        String flightId = api.createFlight(10);
        var claimed = api.claim(TestApi.newUserId(), flightId, 3);
        String bookingId = claimed.body().path("bookingId").asString();

        var embedded = EmbeddedServers.redis();
        if (embedded.isPresent()) {
            stop(embedded.get());
            try {
                // While Redis is down: claims answer 503 with Retry-After, bookings still read from the database.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    var refused = api.claim(TestApi.newUserId(), flightId, 1, "down-" + TestApi.randomText(6));
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.error()).isEqualTo("INVENTORY_UNAVAILABLE");
                    assertThat(refused.header("Retry-After")).isEqualTo("1");
                });
                assertThat(api.get("/v1/flights/" + flightId).status()).isEqualTo(503);
                var read = api.get("/v1/bookings/" + bookingId);
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.body().path("status").asString()).isEqualTo("PENDING");
                // The instance stays ready (bookings and webhooks need only the database) and alive;
                // the full health says Redis is down.
                assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
                assertThat(api.get("/actuator/health").status()).isEqualTo(503);
                assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
                // Enough failures open the "redis" circuit breaker: claims are refused without waiting on Redis.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(api.claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(503);
                    assertThat(breakerState("open")).isEqualTo(1.0);
                });
            } finally {
                start(embedded.get());
            }
        } else {
            // External Redis: it cannot be restarted from here; lose its data and scripts as a restart would.
            redis.execute((RedisCallback<Void>) c -> {
                c.serverCommands().flushAll();
                c.scriptingCommands().scriptFlush();
                return null;
            });
        }

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/v1/flights/" + flightId).status() == 200);
        var flight = api.flight(flightId);
        if (embedded.isPresent()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> breakerState("closed") == 1.0);
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        }
        assertThat(flight.path("seatsHeld").asInt()).isEqualTo(3);
        assertThat(flight.path("availableSeats").asInt()).isEqualTo(7);
        assertThat(api.claim(TestApi.newUserId(), flightId, 7).status()).isEqualTo(201);
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
    }

    private double breakerState(String state) {
        var gauge = meters.find("resilience4j.circuitbreaker.state").tag("name", "redis").tag("state", state).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private double rebuilds() {
        return meters.counter("inventory.rebuild.total").count();
    }

    /**
     * Fills the 100-seat flight up one seat at a time: exactly its capacity can ever be held, so the
     * rebuild lost no hold and leaked no seat.
     */
    private void assertFillsUpToCapacity(String flightId, int alreadyHeld) {
        int more = 0;
        while (api.claim(TestApi.newUserId(), flightId, 1).status() == 201) {
            more++;
        }
        assertThat(alreadyHeld + more).isEqualTo(100);
    }

    private void assertRedisMatchesDatabase(String flightId, Set<String> answered201) {
        List<String> pending = jdbc.sql("""
                SELECT b.id FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = 'PENDING'
                """).param("flightId", flightId).query(String.class).list();
        assertThat(new HashSet<>(pending)).isEqualTo(answered201);
        // Reading purges nothing here (holds last 5 min) but makes sure the flight is loaded.
        api.flight(flightId);
        Set<String> holds = redis.opsForZSet().range(InventoryKeys.of(flightId).holds(), 0, -1);
        assertThat(holds).isEqualTo(answered201);
        int[] counts = redisCounts(flightId);
        assertThat(counts[2]).isEqualTo(answered201.size());
        assertThat(counts[1] + counts[2]).isLessThanOrEqualTo(counts[0]);
    }

    private static void stop(redis.embedded.RedisServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start(redis.embedded.RedisServer server) {
        startRedisAgain(server);
    }
}
