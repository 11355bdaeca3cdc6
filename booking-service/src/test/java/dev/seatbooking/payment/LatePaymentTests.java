package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Holds of 2 s, payments by pm_sim_late that succeed after 3 s: the payment comes after the lapse.
 * With automatic capture, the money is taken at once and given back by a refund; LateAuthorizationTests
 * has the same cases with manual capture, the default.
 */
@TestPropertySource(properties = {"booking.hold-ttl=2s", "booking.expiry-interval=1s", "payment.capture-method=automatic"})
// pm_sim_late succeeds 3 s after the start (simulator.late-delay in IntegrationTest): 1 s after the lapse.
class LatePaymentTests extends IntegrationTest {

    @Test
    void latePaymentWithSeatsLeftConfirms() { // I3, I4
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "CONFIRMED");

        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(refundsOf(intentOf(bookingId))).isZero();
    }

    @Test
    void latePaymentForASoldOutFlightIsRefunded() { // I4: money is never kept without a seat
        String flightId = api.createFlight(2);
        var late = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null);
        String bookingId = late.body().path("bookingId").asString();
        awaitRedisTimePast(Instant.parse(late.body().path("holdExpiresAt").asString()));
        // The lapsed seats go to another buyer, who pays at once, before the late payment lands.
        var other = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null);
        assertThat(other.status()).isEqualTo(201);
        awaitStatus(other.body().path("bookingId").asString(), "CONFIRMED");

        awaitStatus(bookingId, "REFUNDED");

        String intentId = intentOf(bookingId);
        await().atMost(Duration.ofSeconds(10)).until(() -> refundsOf(intentId) == 1);
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(2, 2, 0);
    }

    @Test
    void paymentThatSucceedsAfterTheCustomerCancelledIsRefunded() {
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null)
                .body().path("bookingId").asString();
        String intentId = intentOf(bookingId);
        assertThat(api.delete("/v1/bookings/" + bookingId).body().path("status").asString()).isEqualTo("CANCELLED");

        awaitStatus(bookingId, "REFUNDED");

        await().atMost(Duration.ofSeconds(10)).until(() -> refundsOf(intentId) == 1);
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
    }

    @Test
    void lateSuccessWhoseWebhookIsLostIsStillConfirmed() { // I4: the PSP is asked after the lapse
        String flightId = api.createFlight(5);
        var claim = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null);
        String bookingId = claim.body().path("bookingId").asString();
        assertThat(api.pspPost("/psp/outage?silenceBooking=" + bookingId).status()).isEqualTo(200);

        awaitStatus(bookingId, "CONFIRMED");

        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(events.size() - 1).path("cause").asString()).startsWith("psp:check:");
        assertThat(seatsSold(flightId)).isEqualTo(2);
    }

    @Test
    void successWhoseWebhookIsLostAfterACancelIsStillRefunded() { // I4
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null)
                .body().path("bookingId").asString();
        assertThat(api.pspPost("/psp/outage?silenceBooking=" + bookingId).status()).isEqualTo(200);
        String intentId = intentOf(bookingId);
        api.delete("/v1/bookings/" + bookingId);

        awaitStatus(bookingId, "REFUNDED");

        await().atMost(Duration.ofSeconds(10)).until(() -> refundsOf(intentId) == 1);
    }

    @Test
    void paymentThatNeverEndsTimesOutAndGivesTheSeatsBack() { // source design, test 4
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 3, "pm_sim_never", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "TIMEOUT");

        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(3);
        assertThat(seatsSold(flightId)).isZero();
    }
}
