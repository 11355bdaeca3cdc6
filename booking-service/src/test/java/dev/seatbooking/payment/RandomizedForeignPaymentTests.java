package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The payment endpoint against payments that are not a booking's own, drawn at random from a
 * seed: strangers' intents made at the PSP for the right price, a wrong amount or a wrong currency,
 * naming bookings in every state; a booking's own intent named by an event for another booking; and
 * every event delivered again, out of order, and followed by a stale failure. Afterwards no booking
 * has changed status, every stranger's payment is refunded exactly once, and no booking's own
 * payment is refunded.
 */
class RandomizedForeignPaymentTests extends IntegrationTest {

    private static final long SEED = Long.getLong("payments.seed", 20261201L);

    private record Target(String bookingId, String status, long amount, String intentId) {
    }

    @Test
    void noPaymentButABookingsOwnChangesItAndEveryOtherIsRefundedOnce() throws Exception {
        var random = new Random(SEED);
        String flightId = api.createFlight(40);
        List<Target> targets = bookingsInEveryState(flightId);
        Map<String, String> statusBefore = targets.stream().collect(Collectors.toMap(Target::bookingId, Target::status));
        Map<String, Integer> seatsBefore = Map.of("CONFIRMED", seatsInStatus(flightId, "CONFIRMED"),
                "PENDING", seatsInStatus(flightId, "PENDING"));

        List<String> strangers = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Map<String, Integer> kinds = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            var target = targets.get(random.nextInt(targets.size()));
            String kind = switch (random.nextInt(4)) {
                case 0 -> "right price";
                case 1 -> "wrong amount";
                case 2 -> "wrong currency";
                default -> "another booking's intent";
            };
            kinds.merge(kind, 1, Integer::sum);
            if (kind.equals("another booking's intent")) {
                // A booking's own, paid intent, in an event that names some other booking.
                var owner = targets.stream().filter(t -> t.intentId() != null && t.status().equals("CONFIRMED")).toList();
                var paid = owner.get(random.nextInt(owner.size()));
                if (!paid.bookingId().equals(target.bookingId())) {
                    events.add(TestApi.paymentEvent("payment_intent.succeeded", "evt_mix_" + i, paid.intentId(),
                            target.bookingId(), paid.amount(), "eur"));
                }
                continue;
            }
            long amount = kind.equals("wrong amount") ? target.amount() + 1 + random.nextInt(5000) : target.amount();
            String currency = kind.equals("wrong currency") ? (random.nextBoolean() ? "usd" : "gbp") : "eur";
            var created = api.payAtPsp(TestApi.PSP_KEY, target.bookingId(), amount, currency);
            assertThat(created.status()).as(created.raw()).isEqualTo(200);
            String intentId = created.body().path("id").asString();
            strangers.add(intentId);
            // The PSP sends its own success event; these are the same payment told again, out of order.
            for (int copy = 0; copy < 1 + random.nextInt(3); copy++) {
                events.add(TestApi.paymentEvent("payment_intent.succeeded", "evt_again_" + intentId + "_" + copy,
                        intentId, target.bookingId(), amount, currency));
            }
            events.add(TestApi.paymentEvent("payment_intent.payment_failed", "evt_stale_" + intentId, intentId,
                    target.bookingId(), amount, currency));
        }
        // The booking's own events, again: nothing new for them either.
        for (var target : targets) {
            if (target.status().equals("CONFIRMED")) {
                events.add(ownPaymentEvent("payment_intent.succeeded", "evt_own_again_" + target.bookingId(),
                        target.bookingId()));
            }
        }
        Collections.shuffle(events, random);
        List<String> duplicated = new ArrayList<>(events);
        duplicated.addAll(events.subList(0, events.size() / 3));
        Collections.shuffle(duplicated, random);
        for (String event : duplicated) {
            assertThat(deliverSigned(event).status()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                api.ledger().path("webhooksPending").asInt() == 0 && jdbc.sql("""
                        SELECT COUNT(*) FROM outbox o JOIN booking_leg l ON l.booking_id = o.booking_id
                        WHERE l.flight_id = :id AND o.done_at IS NULL AND o.kind IN ('REFUND', 'REFUND_FOREIGN')""")
                        .param("id", flightId).query(Integer.class).single() == 0);

        for (var target : targets) {
            assertThat(bookingStatus(target.bookingId())).as("status of %s", target.bookingId())
                    .isEqualTo(statusBefore.get(target.bookingId()));
        }
        assertThat(seatsInStatus(flightId, "CONFIRMED")).isEqualTo(seatsBefore.get("CONFIRMED")).isEqualTo(seatsSold(flightId));
        assertThat(seatsInStatus(flightId, "PENDING")).isEqualTo(seatsBefore.get("PENDING"));
        int[] counts = redisCounts(flightId);
        assertThat(counts[1]).isEqualTo(seatsSold(flightId));
        assertThat(counts[2]).isEqualTo(seatsInStatus(flightId, "PENDING"));

        Map<String, Integer> refunds = new HashMap<>();
        api.ledger().path("refunds").forEach(r -> refunds.merge(r.path("payment_intent").asString(), 1, Integer::sum));
        for (String stranger : strangers) {
            assertThat(refunds.getOrDefault(stranger, 0)).as("refunds of the stranger's %s", stranger).isEqualTo(1);
        }
        Set<String> own = targets.stream().map(Target::intentId).filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(own).allSatisfy(intent -> assertThat(refunds).as("a booking's own payment").doesNotContainKey(intent));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM foreign_payment WHERE intent_id IN (:ids)").param("ids", strangers)
                .query(Integer.class).single()).isEqualTo(strangers.size());
        System.out.printf("Foreign payments: %d bookings, %d strangers' payments %s, %d events delivered; "
                + "0 statuses changed, %d refunds, each once%n", targets.size(), strangers.size(), kinds,
                duplicated.size(), strangers.size());
    }

    /**
     * Bookings PENDING (with an intent), CONFIRMED, FAILED (with and without an intent), CANCELLED
     * (before and after paying), REFUNDED.
     */
    private List<Target> bookingsInEveryState(String flightId) {
        List<String> ids = new ArrayList<>();
        for (String method : new String[] {"pm_sim_never", "pm_sim_never", "pm_card_visa", "pm_card_visa", "pm_card_visa",
                "pm_card_visa_chargeDeclined", "pm_bogus", "pm_sim_never", "pm_card_visa", "pm_sim_late"}) {
            ids.add(api.claimPaying(TestApi.newUserId(), flightId, 1 + ids.size() % 2, method, null).body()
                    .path("bookingId").asString());
        }
        awaitStatus(ids.get(2), "CONFIRMED");
        awaitStatus(ids.get(3), "CONFIRMED");
        awaitStatus(ids.get(4), "CONFIRMED");
        awaitStatus(ids.get(5), "FAILED");
        awaitStatus(ids.get(6), "FAILED");
        awaitStatus(ids.get(8), "CONFIRMED");
        intentOf(ids.get(0));
        intentOf(ids.get(1));
        intentOf(ids.get(7));
        assertThat(api.delete("/v1/bookings/" + ids.get(7)).status()).isEqualTo(200);
        // A confirmed booking cancelled once its payment was captured: CANCELLED, its own payment refunded.
        awaitPaymentStatus(ids.get(8), "captured");
        assertThat(api.delete("/v1/bookings/" + ids.get(8)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> refundsOf(intentOf(ids.get(8))) == 1);
        // Cancelled while its payment was processing, which then was authorized (3 s after it started):
        // CANCELLED, its authorization voided by the service.
        intentOf(ids.get(9));
        assertThat(api.delete("/v1/bookings/" + ids.get(9)).status()).isEqualTo(200);
        awaitPaymentStatus(ids.get(9), "canceled");
        List<Target> targets = new ArrayList<>();
        for (String id : ids) {
            var row = jdbc.sql("SELECT status, total_price, currency, payment_intent_id FROM booking WHERE id = :id")
                    .param("id", id).query((rs, n) -> new Target(id, rs.getString(1),
                            PaymentAmounts.minorUnits(rs.getBigDecimal(2), rs.getString(3)), rs.getString(4)))
                    .single();
            // The two bookings whose own payment the service gave back: leave them out of "own".
            boolean refunded = id.equals(ids.get(8)) || id.equals(ids.get(9));
            targets.add(refunded ? new Target(id, row.status(), row.amount(), null) : row);
        }
        return targets;
    }

}
