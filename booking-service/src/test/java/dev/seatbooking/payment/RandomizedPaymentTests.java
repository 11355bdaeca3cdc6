package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * 1,000 bookings race for 300 seats with every simulator payment method and random cancellations,
 * with manual capture (the default). Whatever the interleaving: CONFIRMED seats = seats_sold = Redis
 * sold <= capacity (I1, I2); every payment the PSP took is a CONFIRMED booking or refunded (I4); no
 * authorization stays open once its booking ended; nothing is captured for a booking that never was
 * CONFIRMED; and the simulator's ledger balances with the database to the cent.
 */
class RandomizedPaymentTests extends IntegrationTest {

    /** A fifth of the seats asked for: enough bookings to reach every method's every path, and a sell-out. */
    private static final int CAPACITY = 300;
    private static final List<String> METHODS = List.of("pm_card_visa", "pm_card_visa_chargeDeclined",
            "pm_card_refundFail", "pm_sim_delayed", "pm_sim_never", "pm_sim_late", "pm_sim_chaos",
            "pm_sim_capture_refused", "pm_sim_authorization_lapsed");

    @Test
    void everyPaymentEndsAsASeatOrARefund() throws Exception {
        String flightId = api.createFlight(CAPACITY);
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
                    if (random.nextInt(4) == 0) {
                        // Before its sale (its authorization voided), or after its capture (refunded).
                        if (random.nextBoolean()) {
                            Thread.sleep(random.nextInt(300));
                        } else {
                            awaitCaptureOrEnd(bookingId);
                        }
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
                                WHERE l.flight_id = :id AND o.done_at IS NULL
                                  AND o.kind IN ('REFUND', 'CAPTURE', 'CANCEL_INTENT')""")
                                .param("id", flightId).query(Integer.class).single() == 0);

        int confirmedSeats = seatsInStatus(flightId, "CONFIRMED");
        int[] redisCounts = redisCounts(flightId);
        assertThat(confirmedSeats).isEqualTo(seatsSold(flightId)).isEqualTo(redisCounts[1]);
        assertThat(redisCounts[1] + redisCounts[2]).isLessThanOrEqualTo(CAPACITY);
        assertThat(redisCounts[2]).isEqualTo(seatsInStatus(flightId, "PENDING"));

        var ledger = api.ledger();
        Set<String> refundedIntents = new HashSet<>();
        Map<String, Long> refundedAmount = new HashMap<>();
        ledger.path("refunds").forEach(r -> {
            if (!methodOf.containsKey(r.path("metadata").path("bookingId").asString())) {
                return; // another test's
            }
            String intentId = r.path("payment_intent").asString();
            assertThat(refundedIntents.add(intentId)).as("refunded twice: %s", intentId).isTrue();
            if (r.path("status").asString().equals("succeeded")) {
                refundedAmount.merge(intentId, r.path("amount").asLong(), Long::sum);
            }
        });
        int succeeded = 0;
        int refundsTaken = 0;
        long kept = 0;
        for (var intent : ledger.path("intents")) {
            String bookingId = intent.path("metadata").path("bookingId").asString();
            if (!methodOf.containsKey(bookingId)) {
                continue;
            }
            String intentId = intent.path("id").asString();
            String status = bookingStatus(bookingId);
            String method = methodOf.get(bookingId);
            // No authorization stays open once its booking ended: captured, or voided.
            if (intent.path("status").asString().equals("requires_capture")) {
                assertThat(status).as("open authorization %s of %s (%s)", intentId, bookingId, method).isEqualTo("PENDING");
            }
            long captured = intent.path("amount_received").asLong();
            if (captured == 0) {
                continue;
            }
            succeeded++;
            // Nothing is captured for a booking that never was CONFIRMED.
            assertThat(confirmedOnce(bookingId)).as("captured %s of %s (%s), never CONFIRMED", intentId, bookingId, method)
                    .isTrue();
            long keptHere = captured - refundedAmount.getOrDefault(intentId, 0L);
            refundsTaken += refundedIntents.contains(intentId) ? 1 : 0;
            long price = priceOf(bookingId);
            String paymentStatus = paymentStatusOf(bookingId);
            // I4: a CONFIRMED booking keeps its price; any other gives it all back, unless its refund
            // failed at the PSP (pm_card_refundFail), which says so and waits for an operator.
            long expected = status.equals("CONFIRMED") || paymentStatus.equals("refund_failed") ? price : 0;
            assertThat(keptHere).as("money kept for %s (%s, %s, payment %s)", bookingId, method, status, paymentStatus)
                    .isEqualTo(expected);
            kept += keptHere;
        }
        // The ledger balances with the database, to the cent.
        long confirmedTotals = jdbc.sql("""
                SELECT COALESCE(SUM(b.total_price * 100), 0) FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :id AND (b.status = 'CONFIRMED' OR b.payment_status = 'refund_failed')""")
                .param("id", flightId).query(Long.class).single();
        assertThat(kept).as("money kept at the PSP against the database's CONFIRMED totals").isEqualTo(confirmedTotals);
        int confirmed = jdbc.sql("""
                SELECT COUNT(*) FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :id AND b.status = 'CONFIRMED'""").param("id", flightId).query(Integer.class).single();
        int refunded = jdbc.sql("""
                SELECT COUNT(*) FROM booking b JOIN booking_leg l ON l.booking_id = b.id
                WHERE l.flight_id = :id AND b.status = 'REFUNDED'""").param("id", flightId).query(Integer.class).single();
        System.out.printf("Randomized payments: %d attempts in %.2f s = %.0f bookings/s; %d held, %d refused,"
                        + " %d cancel calls; %d payments captured; %d CONFIRMED (%d seats), %d REFUNDED, %d of the"
                        + " payments refunded; %d cents kept = the CONFIRMED totals%n",
                attempts, seconds, attempts / seconds, methodOf.size(), refused.get(), cancelled.get(), succeeded,
                confirmed, confirmedSeats, refunded, refundsTaken, kept);
    }

    /** Until the booking's payment is captured, or it can never be (its booking ended otherwise), or 30 s. */
    private void awaitCaptureOrEnd(String bookingId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            var booking = api.get("/v1/bookings/" + bookingId).body();
            String status = booking.path("status").asString();
            if (booking.path("paymentStatus").asString().equals("captured")
                    || !(status.equals("PENDING") || status.equals("CONFIRMED"))) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private boolean confirmedOnce(String bookingId) {
        return jdbc.sql("SELECT COUNT(*) FROM booking_event WHERE booking_id = :id AND to_status = 'CONFIRMED'")
                .param("id", bookingId).query(Integer.class).single() > 0;
    }

    private long priceOf(String bookingId) {
        return jdbc.sql("SELECT total_price * 100 FROM booking WHERE id = :id").param("id", bookingId)
                .query(Long.class).single();
    }

    private String paymentStatusOf(String bookingId) {
        return jdbc.sql("SELECT COALESCE(payment_status, '-') FROM booking WHERE id = :id").param("id", bookingId)
                .query(String.class).single();
    }
}
