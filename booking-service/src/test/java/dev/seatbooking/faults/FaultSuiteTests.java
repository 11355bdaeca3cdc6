package dev.seatbooking.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.DatabaseOutage;
import dev.seatbooking.IntegrationTest;
import dev.seatbooking.RefusedSales;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.InventoryKeys;
import dev.seatbooking.inventory.InventoryReconciler;
import dev.seatbooking.system.EmbeddedServers;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.test.context.TestPropertySource;

/**
 * The randomized fault suite. Each run has a seed, draws a schedule of operations (claims on 1-3
 * legs with every simulator payment method, cancellations, duplicate and out-of-order webhooks,
 * Redis FLUSHALL and restarts, database outages, database failures inside confirms on one flight,
 * a process "killed" between a commit and its Redis step, reconciliation rounds amid the flows),
 * runs it with several threads against two instances, lets the system settle, and checks the
 * invariants against the database, Redis and the simulator's ledger. (The real process kill is
 * {@link ProcessKillTests}: a JVM start per kill is too slow here.) A failing run prints its seed
 * and schedule; replay it with {@code -Dfaults.seed=<seed> -Dfaults.runs=1}. {@code ./mvnw verify}
 * runs 20 seeds; more with {@code -Dfaults.runs=1000} (docs/reliability.md).
 */
// A request waits at most 1 s for a database connection (5 s in production), so that each outage
// costs the suite a second, not five; a late payment comes after 1 s, not 3 s.
@TestPropertySource(properties = {"spring.datasource.hikari.connection-timeout=1000", "simulator.late-delay=1s"})
class FaultSuiteTests extends IntegrationTest {

    enum Op { CLAIM, CANCEL, DUPLICATE_SUCCESS, STALE_FAILURE, FLUSH, RESTART, REPLICA_RESTART, DATABASE_OUTAGE,
        CRASH_AFTER_COMMIT, RECONCILE, CONFIRM_FAILURE, CANCEL_FLIGHT }

    /** Claims are drawn most often, then cancels; each fault about once in sixteen operations. */
    private static final Op[] OPS = {Op.CLAIM, Op.CLAIM, Op.CLAIM, Op.CLAIM, Op.CLAIM, Op.CLAIM, Op.CANCEL, Op.CANCEL,
        Op.DUPLICATE_SUCCESS, Op.STALE_FAILURE, Op.FLUSH, Op.RESTART, Op.REPLICA_RESTART, Op.DATABASE_OUTAGE,
        Op.CRASH_AFTER_COMMIT, Op.RECONCILE, Op.CONFIRM_FAILURE, Op.CANCEL_FLIGHT};
    private static final List<String> METHODS = List.of("pm_card_visa", "pm_card_visa_chargeDeclined",
            "pm_sim_delayed", "pm_sim_never", "pm_sim_chaos", "pm_sim_late", "pm_sim_capture_refused",
            "pm_sim_authorization_lapsed", "pm_card_refundFail");

    @Autowired
    InventoryReconciler reconciler;

    @Autowired
    MeterRegistry meters;

    /**
     * A second instance on the same Redis and database, started once for the suite: claims and
     * cancels go to either instance, and both run the expiry job, the outbox relay and the sweeper.
     */
    private static ConfigurableApplicationContext secondInstance;

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    @BeforeEach
    void startSecondInstance() {
        RefusedSales.install(jdbc);
        if (secondInstance == null) {
            secondInstance = startAnotherInstance("--booking.expiry-interval=200ms", "--booking.outbox-relay-interval=200ms",
                    "--simulator.webhook-first-retry=100ms", "--simulator.late-delay=1s",
                    "--spring.datasource.hikari.connection-timeout=1000");
        }
        second = new TestApi(portOf(secondInstance));
    }

    private TestApi second;

    static Stream<Long> seeds() {
        long first = Long.getLong("faults.seed", 20261127L);
        int runs = Integer.getInteger("faults.runs", 20);
        return LongStream.range(first, first + runs).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void invariantsHoldWhateverTheSchedule(long seed) throws Exception {
        var random = new Random(seed);
        lostHolds.clear();
        List<String> flights = List.of(newFlight(), newFlight(), newFlight());
        List<Op> schedule = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            schedule.add(OPS[random.nextInt(OPS.length)]);
        }
        Map<String, String> methodOf = new ConcurrentHashMap<>();
        Map<String, List<String>> legsOf = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        long settling;
        try {
            run(schedule, random, flights, methodOf, legsOf);
            settling = System.nanoTime();
            settle(flights, methodOf);
            checkInvariants(flights, methodOf, legsOf);
        } catch (Throwable e) {
            System.out.printf("Fault suite run failed: seed %d, schedule %s: %s%n", seed, schedule, e);
            throw e;
        }
        System.out.printf("Fault suite run: seed %d, %d operations, %d bookings, violations 0 (run %d ms, settle %d ms)%n",
                seed, schedule.size(), methodOf.size(), (settling - started) / 1_000_000, (System.nanoTime() - settling) / 1_000_000);
    }

    private void run(List<Op> schedule, Random random, List<String> flights, Map<String, String> methodOf,
            Map<String, List<String>> legsOf) throws Exception {
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (Op op : schedule) {
                long opSeed = random.nextLong();
                switch (op) {
                    case CLAIM -> running.add(pool.submit(() -> claim(new Random(opSeed), flights, methodOf, legsOf)));
                    case CANCEL -> pick(random, methodOf).ifPresent(id -> running.add(pool.submit(() ->
                            either(new Random(opSeed)).delete("/v1/bookings/" + id))));
                    // Redeliveries of what the PSP really said: a success it sent, then a stale failure.
                    case DUPLICATE_SUCCESS -> pickPaid(random, methodOf).ifPresent(id -> {
                        String event = intentEvent("payment_intent.succeeded", "evt_dup_" + opSeed, id);
                        if (event != null) {
                            deliver(event);
                            deliver(event);
                        }
                    });
                    case STALE_FAILURE -> pickPaid(random, methodOf).ifPresent(id -> {
                        String event = intentEvent("payment_intent.payment_failed", "evt_stale_" + opSeed, id);
                        if (event != null) {
                            deliver(event);
                        }
                    });
                    case FLUSH -> flushAll();
                    case RESTART -> restartRedis(flights.get(random.nextInt(flights.size())));
                    case REPLICA_RESTART -> restartReplica(random);
                    case DATABASE_OUTAGE -> cutDatabase(Duration.ofMillis(200 + random.nextInt(1000)));
                    // A reconciliation round in the middle of the flows, as the scheduled one happens.
                    case RECONCILE -> reconcileAmidFaults(flights);
                    case CRASH_AFTER_COMMIT -> pick(random, methodOf).ifPresent(this::cancelWithoutItsRedisStep);
                    // The database fails inside confirms (and cancels) that touch one flight, for a while.
                    case CONFIRM_FAILURE -> refuseSales(flights.get(random.nextInt(flights.size())),
                            Duration.ofMillis(200 + random.nextInt(800)));
                    // An operator cancels a flight amid the flows, through either instance; amid an
                    // outage it may fail, or stop after the status (the sweep job finishes it).
                    case CANCEL_FLIGHT -> {
                        String flightId = flights.get(random.nextInt(flights.size()));
                        running.add(pool.submit(() -> either(new Random(opSeed))
                                .post("/v1/admin/flights/" + flightId + "/cancel", null, "")));
                    }
                }
                Thread.sleep(random.nextInt(40));
            }
            for (var future : running) {
                future.get();
            }
        }
    }

    private Object claim(Random random, List<String> flights, Map<String, String> methodOf,
            Map<String, List<String>> legsOf) {
        List<String> legs = new ArrayList<>(flights);
        Collections.shuffle(legs, random);
        legs = legs.subList(0, 1 + random.nextInt(3));
        String method = METHODS.get(random.nextInt(METHODS.size()));
        String user = TestApi.newUserId();
        String body = "{\"userId\":\"%s\",\"flightIds\":[\"%s\"],\"seats\":%d,\"paymentMethod\":\"%s\"}"
                .formatted(user, String.join("\",\"", legs), 1 + random.nextInt(2), method);
        String key = "fault-" + random.nextLong();
        var via = either(random);
        var response = via.post("/v1/bookings", key, body);
        if (response.status() == 201) {
            String id = response.body().path("bookingId").asString();
            methodOf.put(id, method);
            legsOf.put(id, legs);
            // I7: the same request under the same key answers the same, even amid faults.
            var again = either(random).post("/v1/bookings", key, body);
            assertThat(again.status()).isIn(201, 503);
            if (again.status() == 201) {
                assertThat(again.raw()).isEqualTo(response.raw());
            }
        } else {
            assertThat(response.status() + " " + response.error()).isIn("409 NO_SEATS", "409 FLIGHT_CLOSED",
                    "503 INVENTORY_UNAVAILABLE", "503 DATABASE_UNAVAILABLE");
        }
        return null;
    }

    /** What a cancel commits, without the Redis step that follows: the process died in between. */
    private void cancelWithoutItsRedisStep(String bookingId) {
        var now = Timestamp.from(Instant.now());
        int changed = jdbc.sql("UPDATE booking SET status = 'CANCELLED' WHERE id = :id AND status = 'PENDING'")
                .param("id", bookingId).update();
        if (changed == 1) {
            jdbc.sql("""
                    INSERT INTO outbox (booking_id, kind, attempts, next_at, created_at)
                    VALUES (:id, 'RELEASE_HOLD', 0, :now, :now)""").param("id", bookingId).param("now", now).update();
        }
    }

    /** A flight of 8 seats, once the previous run's faults have passed. */
    private String newFlight() {
        String flightId = TestApi.newFlightId();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            if (api.get("/v1/flights/" + flightId).status() == 404) {
                api.createFlight(flightId, 8, "EUR");
            }
            return api.get("/v1/flights/" + flightId).status() == 200;
        });
        return flightId;
    }

    /** A scheduled round of the reconciler: during an outage it fails and the next round repairs. */
    private void reconcileAmidFaults(List<String> flights) {
        try {
            flights.forEach(reconciler::reconcile);
        } catch (RuntimeException e) {
            System.out.printf("Reconciliation round failed amid faults: %s%n", e.getMessage());
        }
    }

    /** One of the two instances, as a load balancer would pick. */
    private TestApi either(Random random) {
        return random.nextBoolean() ? api : second;
    }

    /**
     * Every update of the flight's row fails for a while: confirms on it undo their Redis sales.
     * Every booking that was PENDING with its hold in Redis when the failures began, and is still
     * PENDING with its hold ahead when they end, must still hold (or have bought) its seats in
     * Redis: a paid buyer whose confirm failed keeps the seat for the PSP's redelivery (I3). No
     * Redis reset runs meanwhile (faults run one at a time), so nothing else can take a hold away.
     */
    private void refuseSales(String flightId, Duration length) {
        List<String> holding = pendingWithLiveHold(flightId).stream()
                .filter(id -> whenRedisAnswers(() -> redis.opsForZSet().score(InventoryKeys.of(flightId).holds(), id) != null))
                .toList();
        RefusedSales.refuse(jdbc, flightId);
        try {
            Thread.sleep(length);
            var stillPending = pendingWithLiveHold(flightId);
            for (String id : holding) {
                // One read of both: a confirm and its undo move the seat between them meanwhile.
                boolean kept = whenRedisAnswers(() -> redis.execute(HELD_OR_SOLD,
                        List.of(InventoryKeys.of(flightId).holds(), InventoryKeys.of(flightId).sold()), id) == 1L);
                if (stillPending.contains(id) && !kept) {
                    lostHolds.add(id + " on " + flightId);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RefusedSales.allow(jdbc, flightId);
        }
    }

    /** The test's own Redis client may still be reconnecting after a restart: asks until it answers. */
    private boolean whenRedisAnswers(Callable<Boolean> read) {
        var answer = new AtomicBoolean();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            answer.set(read.call());
            return true;
        });
        return answer.get();
    }

    private List<String> pendingWithLiveHold(String flightId) {
        return jdbc.sql("""
                SELECT b.id FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = 'PENDING' AND b.hold_expires_at > :now""")
                .param("flightId", flightId).param("now", Timestamp.from(Instant.now().plusSeconds(5)))
                .query(String.class).list();
    }

    /** Holds of PENDING bookings that a failed confirm gave away, found by {@link #refuseSales}. */
    private static final RedisScript<Long> HELD_OR_SOLD =
            RedisScript.of("""
                    if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
                      return 1
                    end
                    return 0""", Long.class);

    private final List<String> lostHolds = Collections.synchronizedList(new ArrayList<>());

    /** The database refuses every connection for a while; requests meanwhile get 503 DATABASE_UNAVAILABLE. */
    private void cutDatabase(Duration length) {
        try (var outage = DatabaseOutage.begin(environment)) {
            Thread.sleep(length);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not cut the database", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The outage is over once connections can be had again (the pool refills in the background).
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> jdbc.sql("SELECT 1").query(Integer.class).single() == 1);
    }

    /** FLUSHALL as soon as the test's own client reaches Redis again (it may be restarting). */
    private void flushAll() {
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            redis.execute((RedisCallback<Void>) c -> {
                c.serverCommands().flushAll();
                return null;
            });
            return true;
        });
    }

    /**
     * Restarts the embedded Redis. On a cluster a master's restart is a failover: the master of the
     * flight's slot is killed (SIGKILL), its replica takes over, and it comes back as a replica.
     */
    private void restartRedis(String flightId) {
        var cluster = EmbeddedServers.redisCluster();
        if (cluster.isPresent()) {
            cluster.get().failOver(SlotHash.getSlot(InventoryKeys.of(flightId).inventory()));
            return;
        }
        var embedded = EmbeddedServers.redis();
        if (embedded.isEmpty()) {
            flushAll();
            return;
        }
        var server = embedded.get();
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startRedisAgain(server);
    }

    /** On a cluster: a replica is killed and started again, and syncs from its master. Elsewhere a restart. */
    private void restartReplica(Random random) {
        var cluster = EmbeddedServers.redisCluster();
        if (cluster.isEmpty()) {
            restartRedis("");
            return;
        }
        var replicas = cluster.get().nodes().stream().filter(node -> node.alive() && !node.master()).toList();
        var replica = replicas.get(random.nextInt(replicas.size()));
        replica.kill();
        cluster.get().restart(replica);
    }

    private void settle(List<String> flights, Map<String, String> methodOf) {
        // Redis back for every flight (on a cluster, each master's breaker closes on its own), every
        // payment that ends has ended, every refund and release carried out.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> flights.stream()
                .allMatch(flightId -> api.get("/v1/flights/" + flightId).status() == 200));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .conditionEvaluationListener(condition -> {
                    if (condition.getRemainingTimeInMS() <= 250) {
                        System.out.println("Not settled: " + unsettled(flights, methodOf));
                    }
                }).until(() ->
                methodOf.entrySet().stream().filter(e -> !e.getValue().equals("pm_sim_never"))
                        .noneMatch(e -> bookingStatus(e.getKey()).equals("PENDING"))
                        && api.ledger().path("webhooksPending").asInt() == 0
                        && second.ledger().path("webhooksPending").asInt() == 0
                        && claimsInDoubt(meters) + claimsInDoubt(secondInstance.getBean(MeterRegistry.class)) == 0
                        && releaseRetries(meters) + releaseRetries(secondInstance.getBean(MeterRegistry.class)) == 0
                        && jdbc.sql("""
                                SELECT COUNT(*) FROM outbox o JOIN booking_leg l ON l.booking_id = o.booking_id
                                WHERE l.flight_id IN (:flights) AND o.done_at IS NULL
                                  AND o.kind NOT IN ('CHECK_INTENT', 'WATCH_INTENT')""")
                                .param("flights", flights).query(Integer.class).single() == 0
                        // The sweep job has cancelled every booking a cancelled flight had left.
                        && liveOnCancelledFlights(flights) == 0);
        // What the reconciler's next round does: repair whatever a reset left between Redis and the
        // database; a round that meets a master's breaker still open (after a failover) runs again.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            flights.forEach(reconciler::reconcile);
            return true;
        });
    }

    private int liveOnCancelledFlights(List<String> flights) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM booking b JOIN booking_leg l ON l.booking_id = b.id JOIN flight f ON f.id = l.flight_id
                WHERE f.id IN (:flights) AND f.status = 'CANCELLED' AND b.status IN ('PENDING', 'CONFIRMED')""")
                .param("flights", flights).query(Integer.class).single();
    }

    /** Claims whose commit's fate an instance has yet to learn from the database; their holds wait. */
    private static double claimsInDoubt(MeterRegistry registry) {
        return registry.get("booking.claims.in_doubt").gauge().value();
    }

    /** Holds of failed claims Redis did not take back at once, being retried in the background. */
    private static double releaseRetries(MeterRegistry registry) {
        return registry.get("booking.holds.release_retries").gauge().value();
    }

    /** What keeps a run from settling, for the report of a failed one. */
    private String unsettled(List<String> flights, Map<String, String> methodOf) {
        var pending = methodOf.entrySet().stream().filter(e -> !e.getValue().equals("pm_sim_never"))
                .filter(e -> bookingStatus(e.getKey()).equals("PENDING"))
                .map(e -> e.getKey() + " (" + e.getValue() + ", intent " + jdbc.sql(
                        "SELECT COALESCE(payment_intent_id, '-') || ' ' || COALESCE(payment_status, '-') FROM booking WHERE id = :id")
                        .param("id", e.getKey()).query(String.class).single() + ")").toList();
        var outbox = jdbc.sql("""
                SELECT o.booking_id || ' ' || o.kind || ' attempts ' || o.attempts FROM outbox o
                JOIN booking_leg l ON l.booking_id = o.booking_id
                WHERE l.flight_id IN (:flights) AND o.done_at IS NULL
                                  AND o.kind NOT IN ('CHECK_INTENT', 'WATCH_INTENT')""")
                .param("flights", flights).query(String.class).list();
        return "pending bookings " + pending + ", webhooks pending " + api.ledger().path("webhooksPending")
                + " + " + second.ledger().path("webhooksPending") + ", claims in doubt "
                + claimsInDoubt(meters) + " + " + claimsInDoubt(secondInstance.getBean(MeterRegistry.class))
                + ", releases retrying " + releaseRetries(meters) + " + "
                + releaseRetries(secondInstance.getBean(MeterRegistry.class)) + ", outbox " + outbox;
    }

    private void checkInvariants(List<String> flights, Map<String, String> methodOf, Map<String, List<String>> legsOf) {
        for (String flightId : flights) {
            api.flight(flightId); // a client's read rebuilds a flight a reset took away
            int[] counts = redisCounts(flightId);
            int sold = seatsSold(flightId);
            assertThat(sold).as("I1 seats_sold of " + flightId).isBetween(0, 8);
            assertThat(seatsInStatus(flightId, "CONFIRMED")).as("I1 confirmed seats of " + flightId).isEqualTo(sold);
            assertThat(counts[1]).as("I6 Redis sold of " + flightId).isEqualTo(sold);
            assertThat(counts[1] + counts[2]).as("I2 sold+held of " + flightId).isLessThanOrEqualTo(counts[0]);
            assertThat(counts[2]).as("I6 Redis held of " + flightId).isEqualTo(seatsInStatus(flightId, "PENDING"));
            String status = jdbc.sql("SELECT status FROM flight WHERE id = :id").param("id", flightId).query(String.class).single();
            assertThat(redis.opsForHash().get(InventoryKeys.of(flightId).inventory(), "status"))
                    .as("flight status of %s in Redis", flightId).isEqualTo(status.equals("OPEN") ? null : status);
            if (status.equals("CANCELLED")) {
                assertThat(sold + counts[1] + counts[2]).as("seats sold or held on cancelled " + flightId).isZero();
            }
        }
        // I9: a booking holds or bought every leg, or none.
        for (var booking : legsOf.entrySet()) {
            String status = bookingStatus(booking.getKey());
            for (String flightId : booking.getValue()) {
                boolean sold = redis.opsForHash().hasKey(InventoryKeys.of(flightId).sold(), booking.getKey());
                boolean held = redis.opsForZSet().score(InventoryKeys.of(flightId).holds(), booking.getKey()) != null;
                assertThat(sold).as("I9 sale of %s (%s) on %s", booking.getKey(), status, flightId)
                        .isEqualTo(status.equals("CONFIRMED"));
                assertThat(held).as("I9 hold of %s (%s) on %s", booking.getKey(), status, flightId)
                        .isEqualTo(status.equals("PENDING"));
            }
        }
        // I4: every payment taken is a CONFIRMED booking or refunded, never both, refunded at most once.
        Map<String, Integer> refunds = new HashMap<>();
        api.ledger().path("refunds").forEach(r -> refunds.merge(r.path("payment_intent").asString(), 1, Integer::sum));
        for (var intent : api.ledger().path("intents")) {
            String bookingId = intent.path("metadata").path("bookingId").asString();
            if (!methodOf.containsKey(bookingId) || !intent.path("status").asString().equals("succeeded")) {
                continue;
            }
            int refunded = refunds.getOrDefault(intent.path("id").asString(), 0);
            assertThat(refunded).as("I4 refunds of " + bookingId).isLessThanOrEqualTo(1);
            assertThat(bookingStatus(bookingId).equals("CONFIRMED") != (refunded == 1))
                    .as("I4 payment of %s is %s, refunded %d times", bookingId, bookingStatus(bookingId), refunded).isTrue();
        }
        // I4 with authorize-then-capture: no authorization stays open once its booking ended, and nothing
        // is captured for a booking that never was CONFIRMED.
        for (var intent : api.ledger().path("intents")) {
            String bookingId = intent.path("metadata").path("bookingId").asString();
            if (!methodOf.containsKey(bookingId)) {
                continue;
            }
            if (intent.path("status").asString().equals("requires_capture")) {
                assertThat(bookingStatus(bookingId)).as("I4 open authorization %s of %s", intent.path("id").asString(),
                        bookingId).isEqualTo("PENDING");
            }
            if (intent.path("amount_received").asLong() > 0) {
                assertThat(jdbc.sql("SELECT COUNT(*) FROM booking_event WHERE booking_id = :id AND to_status = 'CONFIRMED'")
                        .param("id", bookingId).query(Integer.class).single())
                        .as("I4 capture of %s, never CONFIRMED", bookingId).isPositive();
            }
        }
        assertThat(lostHolds).as("I3 holds of PENDING bookings given away by a failed confirm").isEmpty();
        // I3: no paid buyer lost a hold that had not lapsed. Holds live 5 min here, longer than a run, so
        // a payment for a PENDING booking never finds its seats gone; a confirm the database failed
        // gave its sale back to the hold, and the PSP's redelivery confirmed it.
        List<String> refundedWhileHeld = jdbc.sql("""
                SELECT e.booking_id || ' at ' || e.at || ' (' || e.cause || '), hold until ' || b.hold_expires_at
                FROM booking_event e JOIN booking b ON b.id = e.booking_id
                WHERE e.from_status = 'PENDING' AND e.to_status = 'REFUNDED' AND e.at < b.hold_expires_at
                  AND e.booking_id IN (:ids)
                  AND NOT EXISTS (SELECT 1 FROM booking_leg l JOIN flight f ON f.id = l.flight_id
                                  WHERE l.booking_id = b.id AND f.status = 'CANCELLED')""").param("ids", methodOf.isEmpty() ? List.of("-") : methodOf.keySet())
                .query(String.class).list();
        assertThat(refundedWhileHeld).as("I3 paid buyers refunded while their hold was live").isEmpty();
        // I5: no booking was confirmed twice.
        Set<String> confirmedTwice = new HashSet<>(jdbc.sql("""
                SELECT booking_id FROM booking_event WHERE to_status = 'CONFIRMED' AND booking_id IN (:ids)
                GROUP BY booking_id HAVING COUNT(*) > 1""").param("ids", methodOf.isEmpty() ? List.of("-") : methodOf.keySet())
                .query(String.class).list());
        assertThat(confirmedTwice).as("I5 bookings confirmed twice").isEmpty();
    }

    /** A booking whose payment really succeeded at the PSP. */
    private Optional<String> pickPaid(Random random, Map<String, String> bookings) {
        List<String> paid = new ArrayList<>();
        for (var intent : api.ledger().path("intents")) {
            String bookingId = intent.path("metadata").path("bookingId").asString();
            if (bookings.containsKey(bookingId) && intent.path("status").asString().equals("succeeded")) {
                paid.add(bookingId);
            }
        }
        return paid.isEmpty() ? Optional.empty() : Optional.of(paid.get(random.nextInt(paid.size())));
    }

    private static Optional<String> pick(Random random, Map<String, String> bookings) {
        List<String> ids = new ArrayList<>(bookings.keySet());
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(random.nextInt(ids.size())));
    }

    /** A signed event for the booking's intent, or null while its payment has not started. */
    private String intentEvent(String type, String eventId, String bookingId) {
        String intentId = jdbc.sql("SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId)
                .query(String.class).optional().orElse(null);
        if (intentId == null) {
            return null;
        }
        return ownPaymentEvent(type, eventId, bookingId);
    }

    private void deliver(String payload) {
        assertThat(deliverSigned(payload).status()).isIn(200, 503);
    }
}
