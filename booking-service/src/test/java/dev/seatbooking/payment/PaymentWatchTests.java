package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.RefusedSales;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A paid buyer whose payment's reply and every webhook delivery met a failing database, until the
 * PSP gave up delivering, is confirmed by the watch (WATCH_INTENT) once the database is back, long
 * before the hold lapses, instead of waiting for the hold's expiry and the intent check after it.
 */
class PaymentWatchTests extends IntegrationTest {

    @Test
    void aPaymentWhoseWebhookThePspGaveUpIsConfirmedByTheWatch() {
        RefusedSales.install(jdbc);
        // An instance whose simulator gives up an event after 2 deliveries, and whose watch asks after 2 s.
        try (var instance = startAnotherInstance("--simulator.webhook-attempts=2", "--booking.payment-watch-after=2s")) {
            var other = new TestApi(portOf(instance));
            String flightId = api.createFlight(1);
            RefusedSales.refuse(jdbc, flightId);
            String bookingId;
            String intentId;
            try {
                var claim = other.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_delayed", null);
                assertThat(claim.status()).isEqualTo(201);
                bookingId = claim.body().path("bookingId").asString();
                intentId = intentOf(bookingId);
                // The card is authorized at the PSP; both deliveries of its event fail, and it stops trying.
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        other.intentAtPsp(intentId).path("status").asString().equals("requires_capture")
                                && other.ledger().path("webhookAttemptsFailed").asInt() >= 2
                                && other.ledger().path("webhooksPending").asInt() == 0);
                assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
                assertThat(redisCounts(flightId)).as("the paid buyer's hold").containsExactly(1, 0, 1);
            } finally {
                RefusedSales.allow(jdbc, flightId);
            }

            long allowed = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> bookingStatus(bookingId).equals("CONFIRMED"));
            System.out.printf("Payment watch: confirmed %d ms after the database took sales again (watch after 2 s)%n",
                    (System.nanoTime() - allowed) / 1_000_000);
            assertThat(seatsSold(flightId)).isEqualTo(1);
            assertThat(redisCounts(flightId)).containsExactly(1, 1, 0);
            awaitPaymentStatus(bookingId, "captured"); // the sale captures the authorization
            assertThat(refundsOf(intentId)).isZero();
            assertThat(api.get("/v1/bookings/" + bookingId + "/events").raw()).contains("watch:" + intentId);
            assertThat(jdbc.sql("""
                    SELECT COUNT(*) FROM outbox WHERE booking_id = :id AND kind = 'WATCH_INTENT' AND done_at IS NOT NULL""")
                    .param("id", bookingId).query(Integer.class).single()).isEqualTo(1);
        }
    }

    @Test
    void aBookingItsWebhookSettledEndsItsWatchWithoutAskingThePsp() {
        try (var instance = startAnotherInstance("--booking.payment-watch-after=1s")) {
            var other = new TestApi(portOf(instance));
            String flightId = api.createFlight(1);
            var claim = other.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_delayed", null);
            String bookingId = claim.body().path("bookingId").asString();
            awaitStatus(bookingId, "CONFIRMED");
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                    SELECT COUNT(*) FROM outbox WHERE booking_id = :id AND kind = 'WATCH_INTENT' AND done_at IS NOT NULL""")
                    .param("id", bookingId).query(Integer.class).single() == 1);
            assertThat(api.get("/v1/bookings/" + bookingId + "/events").raw()).doesNotContain("watch:");
        }
    }
}
