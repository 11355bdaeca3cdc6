package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.InventoryKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClaimConcurrencyTests extends IntegrationTest {

    @Test
    void fiveHundredBuyersForOneHundredSeatsGetExactlyOneHundredHolds() throws Exception { // I2, I1
        String flightId = api.createFlight(100);
        int buyers = 500;
        // Warm the JIT a little, so the figures printed below say more about the claim than about class loading.
        String warmUp = api.createFlight(1);
        for (int i = 0; i < 200; i++) {
            api.claim(TestApi.newUserId(), warmUp, 1);
        }
        var start = new CountDownLatch(1);
        var statuses = new ConcurrentHashMap<String, AtomicInteger>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

        var running = new AtomicBoolean(true);
        var samples = new AtomicInteger();
        var violations = Collections.synchronizedList(new ArrayList<String>());
        var sampler = new Thread(() -> {
            while (running.get()) {
                int[] counts = redisCounts(flightId);
                samples.incrementAndGet();
                if (counts[1] + counts[2] > counts[0]) {
                    violations.add("sold " + counts[1] + " + held " + counts[2] + " > capacity " + counts[0]);
                }
            }
        });

        long wallStart;
        long wallEnd;
        try (var pool = Executors.newFixedThreadPool(buyers)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    long t0 = System.nanoTime();
                    var response = api.claim(TestApi.newUserId(), flightId, 1);
                    latencies.add(System.nanoTime() - t0);
                    String outcome = response.status() + " " + response.error();
                    statuses.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            sampler.start();
            wallStart = System.nanoTime();
            start.countDown();
            for (var call : calls) {
                call.get();
            }
            wallEnd = System.nanoTime();
        } finally {
            running.set(false);
            sampler.join();
        }

        assertThat(statuses).containsOnlyKeys("201 ", "409 NO_SEATS");
        assertThat(statuses.get("201 ").get()).isEqualTo(100);
        assertThat(statuses.get("409 NO_SEATS").get()).isEqualTo(400);
        assertThat(samples.get()).isPositive();
        assertThat(violations).isEmpty();

        int[] counts = redisCounts(flightId);
        assertThat(counts).containsExactly(100, 0, 100);
        assertThat(redis.opsForZSet().zCard(InventoryKeys.of(flightId).holds())).isEqualTo(100);
        assertThat(seatsInStatus(flightId, "PENDING")).isEqualTo(100);
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isZero();

        List<Long> sorted = latencies.stream().sorted().toList();
        double seconds = (wallEnd - wallStart) / 1e9;
        System.out.printf("Concurrency test: %d claims in %.2f s = %.0f claims/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " %d invariant samples%n", buyers, seconds, buyers / seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
                sorted.getLast() / 1e6, samples.get());
    }

    @Test
    void twoBuyersForTheLastSeatGetOneHoldAndOneNoSeats() throws Exception {
        String flightId = api.createFlight(1);
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(2)) {
            var first = pool.submit(() -> {
                start.await();
                return api.claim("U1-" + TestApi.randomText(6), flightId, 1);
            });
            var second = pool.submit(() -> {
                start.await();
                return api.claim("U2-" + TestApi.randomText(6), flightId, 1);
            });
            start.countDown();
            var outcomes = List.of(first.get().status() + " " + first.get().error(),
                    second.get().status() + " " + second.get().error());
            assertThat(outcomes).containsExactlyInAnyOrder("201 ", "409 NO_SEATS");
        }
        assertThat(redisCounts(flightId)).containsExactly(1, 0, 1);
        assertThat(seatsInStatus(flightId, "PENDING")).isEqualTo(1);
    }
}
