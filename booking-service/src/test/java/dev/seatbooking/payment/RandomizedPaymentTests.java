package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 1,000 bookings race for 50 seats with every simulator payment method and random cancellations.
 * Whatever the interleaving: CONFIRMED seats = seats_sold = Redis sold <= capacity (I1, I2), and
 * every payment the PSP took is a CONFIRMED booking or refunded (I4).
 */
class RandomizedPaymentTests extends IntegrationTest {

    private static final List<String> METHODS = List.of("pm_card_visa", "pm_card_visa_chargeDeclined",
            "pm_sim_delayed", "pm_sim_never", "pm_sim_late", "pm_sim_chaos");

    @Test
    void everyPaymentEndsAsASeatOrARefund() throws Exception {
        String flightId = api.createFlight(50);
        int attempts = 1000;
        Map<String, String> methodOf = new ConcurrentHashMap<>();
        var cancelled = new AtomicInteger();
        var refused = new AtomicInteger();
        long started = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                calls.add(pool.submit(() -> {
                    var random = ThreadLocalRandom.current();
                    String method = METHODS.get(random.nextInt(METHODS.size()));
                    var claim = api.claimPaying(TestApi.newUserId(), flightId, 1 + random.nextInt(2), method, null);
                    if (claim.status() != 201) {
                        assertThat(claim.error()).isEqualTo("NO_SEATS");
                        refused.incrementAndGet();
                        return null;
                    }
                    String bookingId = claim.body().path("bookingId").asString();
                    methodOf.put(bookingId, method);
                    if (random.nextInt(5) == 0) {
                        Thread.sleep(random.nextInt(300));
                        var cancel = api.delete("/v1/bookings/" + bookingId);
                        assertThat(cancel.status()).isIn(200, 409);
                        cancelled.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (var call : calls) {
                call.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // Let every outcome land: no booking whose payment ends is still PENDING, every refund is done.
        Set<String> ending = methodOf.entrySet().stream().filter(e -> !e.getValue().equals("pm_sim_never"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                ending.stream().noneMatch(id -> bookingStatus(id).equals("PENDING"))
                        && api.ledger().path("webhooksPending").asInt() == 0
                        && jdbc.sql("""
                                SELECT COUNT(*) FROM outbox o JOIN booking_leg l ON l.booking_id = o.booking_id
                                WHERE l.flight_id = :id AND o.done_at IS NULL AND o.kind = 'REFUND'""")
                                .param("id", flightId).query(Integer.class).single() == 0);

        int confirmedSeats = seatsInStatus(flightId, "CONFIRMED");
        int[] redisCounts = redisCounts(flightId);
        assertThat(confirmedSeats).isEqualTo(seatsSold(flightId)).isEqualTo(redisCounts[1]);
        assertThat(redisCounts[1] + redisCounts[2]).isLessThanOrEqualTo(50);
        assertThat(redisCounts[2]).isEqualTo(seatsInStatus(flightId, "PENDING"));

        var ledger = api.ledger();
        Set<String> refundedIntents = new HashSet<>();
        ledger.path("refunds").forEach(r -> assertThat(refundedIntents.add(r.path("payment_intent").asString()))
                .as("refunded twice: %s", r.path("payment_intent").asString()).isTrue());
        int succeeded = 0;
        int refundsTaken = 0;
        for (var intent : ledger.path("intents")) {
            String bookingId = intent.path("metadata").path("bookingId").asString();
            if (!methodOf.containsKey(bookingId) || !intent.path("status").asString().equals("succeeded")) {
                continue;
            }
            succeeded++;
            String status = bookingStatus(bookingId);
            boolean refunded = refundedIntents.contains(intent.path("id").asString());
            refundsTaken += refunded ? 1 : 0;
            assertThat(status.equals("CONFIRMED") != refunded)
                    .as("payment of %s (%s) is %s and %s", bookingId, methodOf.get(bookingId), status,
                            refunded ? "refunded" : "not refunded")
                    .isTrue();
        }
        int confirmed = jdbc.sql("""
                SELECT COUNT(*) FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :id AND b.status = 'CONFIRMED'""").param("id", flightId).query(Integer.class).single();
        int refunded = jdbc.sql("""
                SELECT COUNT(*) FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :id AND b.status = 'REFUNDED'""").param("id", flightId).query(Integer.class).single();
        System.out.printf("Randomized payments: %d attempts in %.2f s = %.0f bookings/s; %d held, %d refused,"
                        + " %d cancel calls; %d payments succeeded; %d CONFIRMED (%d seats), %d REFUNDED, %d of the payments refunded%n",
                attempts, seconds, attempts / seconds, methodOf.size(), refused.get(), cancelled.get(), succeeded,
                confirmed, confirmedSeats, refunded, refundsTaken);
    }
}
