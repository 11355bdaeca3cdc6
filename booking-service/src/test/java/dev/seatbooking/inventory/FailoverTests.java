package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.system.EmbeddedRedisCluster;
import dev.seatbooking.system.EmbeddedServers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.KillArgs;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A Redis Cluster master fails over to its replica (docs/scale-out.md). Runs only on the cluster
 * the redis-cluster profile of the build starts ({@code embedded.redis-cluster=true}); against an
 * external Redis there is no cluster to fail over. The sweeper is held back, so that nothing but
 * the test's own claims touches the failed-over flight before the test has read its stale copy.
 */
@TestPropertySource(properties = "booking.sweep-interval=1h")
class FailoverTests extends IntegrationTest {

    @BeforeEach
    void needsTheEmbeddedCluster() {
        assumeTrue(EmbeddedServers.redisCluster().isPresent(),
                "needs the embedded Redis Cluster: embedded.redis-cluster=true and no external Redis");
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    CircuitBreakerRegistry breakers;

    /**
     * The replica is stopped (SIGSTOP), and cut off, while the master acknowledges K holds and S sales, then the
     * master is killed (SIGKILL) and the stale replica wins the election: Redis has really lost
     * those writes. The first claim on the flight after the failover must find all of them restored
     * from the database, and the flight must sell exactly its capacity.
     */
    @Test
    void aStaleReplicaThatWinsGetsEveryAcknowledgedHoldAndSaleBackBeforeAClaimIsAnswered() {
        var cluster = EmbeddedServers.redisCluster().orElseThrow();
        String flightId = api.createFlight(20);
        int slot = SlotHash.getSlot(InventoryKeys.of(flightId).inventory());
        var master = cluster.masterOf(slot);
        var replica = cluster.replicaOf(master);

        // Before the replica stops: a hold and a sale it receives.
        hold(flightId, 1);
        sell(flightId, 2);
        master.call(redis -> redis.waitForReplication(1, 5_000));
        assertThat(rawCounts(replica, flightId)).containsExactly(20, 2, 1);

        // Stopped, the replica would still receive what the master sends into its socket's buffer
        // and apply it once resumed; the master drops the link, so what follows never reaches it.
        long killedAt;
        replica.pause();
        master.call(redis -> redis.clientKill(KillArgs.Builder.typeSlave()));
        int k = 3;
        int s = 2;
        try {
            for (int i = 0; i < k; i++) {
                hold(flightId, 2);
            }
            for (int i = 0; i < s; i++) {
                sell(flightId, 1);
            }
            assertThat(redisCounts(flightId)).containsExactly(20, 2 + s, 1 + 2 * k);
            master.kill();
            killedAt = System.nanoTime();
        } finally {
            replica.resume();
        }
        double holdsRestoredBefore = counter("inventory.failover.holds_restored");
        double salesRestoredBefore = counter("inventory.failover.sales_restored");
        try {
            // No node serves the slot until the replica is elected.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> cluster.masterOf(slot) == replica);
            // The replica really missed the writes: its copy is the one from before it stopped.
            assertThat(rawCounts(replica, flightId)).containsExactly(20, 2, 1);

            // Claims meanwhile answer 503 with Retry-After, never 500, until the client sees the new master.
            List<String> answers = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                var answer = api.claim(TestApi.newUserId(), flightId, 1);
                answers.add(answer.status() + " " + answer.error());
                if (answer.status() == 503) {
                    assertThat(answer.header("Retry-After")).isNotNull();
                }
                return answer.status() == 201;
            });
            assertThat(answers).allMatch(a -> a.equals("201 ") || a.equals("503 INVENTORY_UNAVAILABLE"));
            System.out.printf("Stale replica failover: %d claims answered 503, the first 201 %.1f s after the kill%n",
                    answers.stream().filter(a -> a.startsWith("503")).count(), (System.nanoTime() - killedAt) / 1e9);

            // Every acknowledged hold and sale is back, with the claim just taken.
            assertThat(redisCounts(flightId)).containsExactly(20, 2 + s, 1 + 2 * k + 1);
            assertThat(counter("inventory.failover.holds_restored") - holdsRestoredBefore).isEqualTo(k);
            assertThat(counter("inventory.failover.sales_restored") - salesRestoredBefore).isEqualTo(s);

            // And the flight sells exactly its capacity: 20 - 4 sold - 8 held = 8 more seats, no more.
            for (int i = 0; i < 8; i++) {
                assertThat(api.claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(201);
            }
            assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
            assertThat(seatsInStatus(flightId, "PENDING") + seatsSold(flightId)).isEqualTo(20);
        } finally {
            // The old master comes back as the new master's replica, for the tests after this one.
            cluster.restart(master);
        }
    }

    /**
     * Two instances, a crowd on six flights spread over the three masters, and one master killed
     * (SIGKILL) while it runs: its replica takes over. Claims meanwhile answer 503 with Retry-After,
     * never 500, while both instances stay ready and serve flights on the other masters; no flight is oversold in Redis or the database; every paid buyer's booking is
     * confirmed and sold in Redis; Redis equals the database again within two reconcile intervals
     * of the second instance, whose reconciler runs every 2 s.
     */
    @Test
    void aMasterKilledDuringACrowdOnTwoInstancesOversellsNothingAndLosesNoPaidSeat() throws Exception {
        var cluster = EmbeddedServers.redisCluster().orElseThrow();
        int capacity = 25;
        List<String> flights = flightsOnEveryMaster(cluster, 2, capacity);
        var victim = cluster.masterOf(SlotHash.getSlot(InventoryKeys.of(flights.getFirst()).inventory()));
        String elsewhere = flights.stream()
                .filter(f -> cluster.masterOf(SlotHash.getSlot(InventoryKeys.of(f).inventory())) != victim)
                .findFirst().orElseThrow();
        try (var other = startAnotherInstance("--booking.reconcile-initial-delay=2s", "--booking.reconcile-interval=2s")) {
            var apis = List.of(api, new TestApi(portOf(other)));
            var registries = List.of(meters, other.getBean(MeterRegistry.class));
            double reloadsBefore = registries.stream().mapToDouble(r -> counter(r, "inventory.failover.reloads")).sum();
            Queue<String> answers = new ConcurrentLinkedQueue<>();
            Queue<String> paid = new ConcurrentLinkedQueue<>();
            Queue<String> unexpected = new ConcurrentLinkedQueue<>();
            var lastUnavailable = new AtomicLong();
            long killedAt;
            var started = new CountDownLatch(20);
            try (var buyers = Executors.newFixedThreadPool(48)) {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 240; i++) {
                    var via = apis.get(i % 2);
                    String flightId = flights.get(i % flights.size());
                    boolean pays = i % 3 == 0;
                    calls.add(buyers.submit(() -> {
                        // A buyer retries after a 503, as Retry-After asks, for up to 20 s.
                        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                        while (true) {
                            var answer = via.claimPaying(TestApi.newUserId(), flightId, 1,
                                    pays ? "pm_card_visa" : TestApi.HOLD_ONLY, null);
                            answers.add(answer.status() + " " + answer.error());
                            started.countDown();
                            if (answer.status() == 503) {
                                lastUnavailable.accumulateAndGet(System.nanoTime(), Math::max);
                                if (answer.header("Retry-After") == null) {
                                    unexpected.add("503 without Retry-After: " + answer.raw());
                                }
                            }
                            if (answer.status() == 201 && pays) {
                                paid.add(answer.body().path("bookingId").asString());
                            }
                            if (answer.status() != 503 || System.nanoTime() > deadline) {
                                return null;
                            }
                            Thread.sleep(250);
                        }
                    }));
                }
                started.await();
                victim.kill();
                killedAt = System.nanoTime();
                // Both instances stay ready, and serve what needs no failed master.
                for (var each : apis) {
                    assertThat(each.get("/actuator/health/readiness").status()).isEqualTo(200);
                    assertThat(each.get("/v1/flights/" + elsewhere).status()).isEqualTo(200);
                }
                for (var call : calls) {
                    call.get();
                }
            }

            assertThat(unexpected).isEmpty();
            assertThat(answers).allMatch(a -> a.equals("201 ") || a.equals("409 NO_SEATS")
                    || a.equals("503 INVENTORY_UNAVAILABLE"));
            assertThat(answers).contains("503 INVENTORY_UNAVAILABLE");
            // The failed-over master's two flights were loaded again from the database, by one instance or the other.
            assertThat(registries.stream().mapToDouble(r -> counter(r, "inventory.failover.reloads")).sum() - reloadsBefore)
                    .isGreaterThanOrEqualTo(2);
            // Every paid buyer's booking is confirmed: its hold had not lapsed (5 min), so no refund.
            paid.forEach(id -> awaitStatus(id, "CONFIRMED"));
            long confirmedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (String flightId : flights) {
                    assertThat(redisMatchesDatabase(flightId)).as(flightId).isTrue();
                }
            });
            // Within two of the second instance's reconcile intervals (2 s each), and a margin.
            var agreedAfter = Duration.ofNanos(System.nanoTime() - confirmedAt);
            assertThat(agreedAfter).isLessThan(Duration.ofSeconds(5));
            System.out.printf("Failover under a crowd: %d claims answered 503, the last %.1f s after the kill;"
                    + " Redis equal to the database %.1f s after the last paid booking was confirmed%n",
                    answers.stream().filter(a -> a.startsWith("503")).count(),
                    (lastUnavailable.get() - killedAt) / 1e9, agreedAfter.toMillis() / 1e3);
            for (String flightId : flights) {
                assertThat(seatsSold(flightId) + seatsInStatus(flightId, "PENDING")).as(flightId)
                        .isLessThanOrEqualTo(capacity);
                var counts = redisCounts(flightId);
                assertThat(counts[1] + counts[2]).as(flightId).isLessThanOrEqualTo(capacity);
            }
            for (String bookingId : paid) {
                assertThat(redis.opsForHash().hasKey(InventoryKeys.of(flightOf(bookingId)).sold(), bookingId))
                        .as(bookingId).isTrue();
            }
            // The breaker of the dead master's address, opened by the failover, is forgotten once
            // that address serves no slot, instead of staying open (and alerting) for good.
            String deadMaster = "redis 127.0.0.1:" + victim.port();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    breakers.getAllCircuitBreakers().stream().noneMatch(b -> b.getName().equals(deadMaster)));
        } finally {
            cluster.restart(victim);
        }
    }

    /** Flights, {@code perMaster} on each master, found by their ids' slots. */
    private List<String> flightsOnEveryMaster(EmbeddedRedisCluster cluster, int perMaster, int capacity) {
        Map<Integer, List<String>> byMaster = new HashMap<>();
        int masters = cluster.nodes().size() / 2;
        while (byMaster.values().stream().mapToInt(List::size).sum() < perMaster * masters) {
            String id = TestApi.newFlightId();
            var master = cluster.masterOf(SlotHash.getSlot(InventoryKeys.of(id).inventory()));
            var here = byMaster.computeIfAbsent(master.port(), port -> new ArrayList<>());
            if (here.size() < perMaster) {
                here.add(api.createFlight(id, capacity, "EUR"));
            }
        }
        return byMaster.values().stream().flatMap(List::stream).toList();
    }

    /** Whether Redis holds and sells exactly the bookings the database says are PENDING and CONFIRMED. */
    private boolean redisMatchesDatabase(String flightId) {
        var keys = InventoryKeys.of(flightId);
        Set<Object> held = redis.opsForHash().keys(keys.holdSeats());
        Set<Object> sold = redis.opsForHash().keys(keys.sold());
        var counts = redisCounts(flightId);
        return held.equals(Set.copyOf(bookingsOn(flightId, "PENDING")))
                && sold.equals(Set.copyOf(bookingsOn(flightId, "CONFIRMED")))
                && counts[1] == seatsSold(flightId) && counts[2] == seatsInStatus(flightId, "PENDING");
    }

    private List<String> bookingsOn(String flightId, String status) {
        return jdbc.sql("""
                SELECT b.id FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :flightId AND b.status = :status
                """).param("flightId", flightId).param("status", status).query(String.class).list();
    }

    private String flightOf(String bookingId) {
        return jdbc.sql("SELECT flight_id FROM booking_leg WHERE booking_id = :id").param("id", bookingId)
                .query(String.class).single();
    }


    private void hold(String flightId, int seats) {
        assertThat(api.claim(TestApi.newUserId(), flightId, seats).status()).isEqualTo(201);
    }

    private void sell(String flightId, int seats) {
        var claim = api.claimPaying(TestApi.newUserId(), flightId, seats, "pm_card_visa", null);
        assertThat(claim.status()).isEqualTo(201);
        awaitStatus(claim.body().path("bookingId").asString(), "CONFIRMED");
    }

    /** Capacity, sold and held as one node's copy of the flight has them, read on that node alone. */
    private static int[] rawCounts(EmbeddedRedisCluster.Node node, String flightId) {
        return node.call(redis -> {
            redis.readOnly();
            return redis.hmget(InventoryKeys.of(flightId).inventory(), "capacity", "sold", "held").stream()
                    .mapToInt(v -> Integer.parseInt(v.getValue())).toArray();
        });
    }

    private double counter(String name) {
        return counter(meters, name);
    }

    private static double counter(MeterRegistry registry, String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
