package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The source design's scenarios end to end: HTTP in, the in-process PSP, its signed webhooks. */
class PaymentFlowTests extends IntegrationTest {

    @Test
    void happyPathTurnsPendingIntoConfirmedOnTheCallback() { // source design, test 1
        String flightId = api.createFlight(10);
        var claim = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_delayed", null);
        String bookingId = claim.body().path("bookingId").asString();
        assertThat(claim.status()).isEqualTo(201);
        assertThat(claim.body().path("status").asString()).isEqualTo("PENDING");

        String intentId = intentOf(bookingId);
        assertThat(intentId).startsWith("pi_");
        awaitStatus(bookingId, "CONFIRMED");

        var booking = api.get("/v1/bookings/" + bookingId).body();
        assertThat(booking.path("paymentIntentId").asString()).isEqualTo(intentId);
        // The sale captures the authorization.
        assertThat(booking.path("paymentStatus").asString()).isIn("capture_pending", "captured");
        awaitPaymentStatus(bookingId, "captured");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(10, 2, 0);
        var flight = api.flight(flightId);
        assertThat(flight.path("seatsSold").asInt()).isEqualTo(2);
        assertThat(flight.path("availableSeats").asInt()).isEqualTo(8);
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).path("to").asString()).isEqualTo("CONFIRMED");
        assertThat(events.get(1).path("cause").asString()).startsWith("psp:evt_");
    }

    @Test
    void cardThatSucceedsAtOnceConfirmsFromTheReplyAndTheWebhookChangesNothing() {
        String flightId = api.createFlight(10);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 3, "pm_card_visa", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "CONFIRMED");
        // The authorization's webhook follows the reply, and the capture's follows the capture; each is
        // recorded and changes nothing.
        await().atMost(Duration.ofSeconds(10)).until(() -> paymentEventsOf(bookingId) == 3);

        assertThat(seatsSold(flightId)).isEqualTo(3);
        assertThat(redisCounts(flightId)).containsExactly(10, 3, 0);
        assertThat(api.get("/v1/bookings/" + bookingId + "/events").body()).hasSize(2);
    }

    @Test
    void twoBuyersForTheLastSeatMakeOneSaleAndOneRefusal() throws Exception { // source design, test 2
        String flightId = api.createFlight(1);
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(2)) {
            var calls = List.of("U1", "U2").stream().map(user -> pool.submit(() -> {
                start.await();
                return api.claimPaying(user + "-" + TestApi.randomText(5), flightId, 1, "pm_card_visa", null);
            })).toList();
            start.countDown();
            var answers = List.of(calls.get(0).get(), calls.get(1).get());
            assertThat(answers).extracting(r -> r.status()).containsExactlyInAnyOrder(201, 409);
            var winner = answers.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
            awaitStatus(winner.body().path("bookingId").asString(), "CONFIRMED");
        }
        assertThat(seatsSold(flightId)).isEqualTo(1);
        assertThat(redisCounts(flightId)).containsExactly(1, 1, 0);
    }

    @Test
    void declinedPaymentFailsAndGivesTheSeatsBackAtOnce() { // source design, test 3
        String flightId = api.createFlight(2);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa_chargeDeclined", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "FAILED");

        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(2, 0, 0);
        assertThat(api.claim(TestApi.newUserId(), flightId, 2).status()).isEqualTo(201);
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(1).path("to").asString()).isEqualTo("FAILED");
        assertThat(events.get(1).path("cause").asString()).contains("card_declined");
    }

    @Test
    void chaosConfirmsOnceAndIgnoresTheStaleFailure() { // I5
        String flightId = api.createFlight(10);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_chaos", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "CONFIRMED");
        // Reply, the authorization's event (delivered 3 times, recorded once), the stale failure, the
        // capture's success.
        await().atMost(Duration.ofSeconds(10)).until(() -> paymentEventsOf(bookingId) == 4);

        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(10, 2, 0);
        assertThat(api.get("/v1/bookings/" + bookingId + "/events").body()).hasSize(2);
    }

    @Test
    void cancellingAConfirmedBookingRefundsItAndGivesTheSeatsBack() {
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null)
                .body().path("bookingId").asString();
        awaitPaymentStatus(bookingId, "captured");
        String intentId = intentOf(bookingId);

        var cancel = api.delete("/v1/bookings/" + bookingId);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> refundsOf(intentId) == 1);
        awaitPaymentStatus(bookingId, "refunded");
        // Cancelling again, and the success webhook arriving late, change nothing: no second refund.
        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        assertThat(refundsOf(intentId)).isEqualTo(1);
    }

    @Test
    void cancellingAPendingBookingCancelsItsIntent() {
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_never", null)
                .body().path("bookingId").asString();
        String intentId = intentOf(bookingId);

        assertThat(api.delete("/v1/bookings/" + bookingId).body().path("status").asString()).isEqualTo("CANCELLED");

        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
        // The simulator refuses to cancel a processing intent, as Stripe does; the work is done either way.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM outbox WHERE booking_id = :id AND kind = 'CANCEL_INTENT' AND done_at IS NOT NULL")
                .param("id", bookingId).query(Integer.class).single() == 1);
        assertThat(intentId).startsWith("pi_");
    }

    private int paymentEventsOf(String bookingId) {
        return jdbc.sql("SELECT COUNT(*) FROM payment_event WHERE booking_id = :id").param("id", bookingId)
                .query(Integer.class).single();
    }
}
