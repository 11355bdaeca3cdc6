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
 * Holds of 2 s, payments by pm_sim_late that are authorized after 3 s, with manual capture: an
 * authorization that comes after the lapse is captured if its seats can still be sold, else voided,
 * and no money moves for seats that are not sold.
 */
// The same properties as HoldExpiryJobTests, so the two share a context; manual capture is the default.
@TestPropertySource(properties = {"booking.hold-ttl=2s", "booking.expiry-interval=1s"})
class LateAuthorizationTests extends IntegrationTest {

    @Test
    void lateAuthorizationWithSeatsLeftConfirmsAndCaptures() { // I3, I4
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "CONFIRMED");
        awaitPaymentStatus(bookingId, "captured");

        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(api.intentAtPsp(intentOf(bookingId)).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void lapsedHoldVoidsItsAuthorizationAndNoMoneyMoves() { // I4: money is never kept without a seat
        String flightId = api.createFlight(2);
        var late = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null);
        String bookingId = late.body().path("bookingId").asString();
        awaitRedisTimePast(Instant.parse(late.body().path("holdExpiresAt").asString()));
        // The lapsed seats go to another buyer, who pays at once, before the late authorization lands.
        var other = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null);
        assertThat(other.status()).isEqualTo(201);
        awaitStatus(other.body().path("bookingId").asString(), "CONFIRMED");

        String intentId = intentOf(bookingId);
        awaitPaymentStatus(bookingId, "canceled");

        assertThat(bookingStatus(bookingId)).isEqualTo("TIMEOUT");
        var intent = api.intentAtPsp(intentId);
        assertThat(intent.path("status").asString()).isEqualTo("canceled");
        assertThat(intent.path("amount_received").asLong()).isZero();
        assertThat(refundsOf(intentId)).isZero();
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(events.size() - 1).path("cause").asString()).contains("voided");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(2, 2, 0);
    }

    @Test
    void authorizationAfterTheCustomerCancelledIsVoided() {
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null)
                .body().path("bookingId").asString();
        String intentId = intentOf(bookingId);
        assertThat(api.delete("/v1/bookings/" + bookingId).body().path("status").asString()).isEqualTo("CANCELLED");

        awaitPaymentStatus(bookingId, "canceled");

        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
        assertThat(refundsOf(intentId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
    }

    @Test
    void lateAuthorizationWhoseWebhookIsLostIsStillCaptured() { // I4: the PSP is asked after the lapse
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null)
                .body().path("bookingId").asString();
        assertThat(api.pspPost("/psp/outage?silenceBooking=" + bookingId).status()).isEqualTo(200);

        awaitStatus(bookingId, "CONFIRMED");
        awaitPaymentStatus(bookingId, "captured");

        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(events.size() - 1).path("cause").asString()).startsWith("psp:check:");
        assertThat(seatsSold(flightId)).isEqualTo(2);
    }

    @Test
    void authorizationWhoseWebhookIsLostAfterACancelIsStillVoided() {
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null)
                .body().path("bookingId").asString();
        assertThat(api.pspPost("/psp/outage?silenceBooking=" + bookingId).status()).isEqualTo(200);
        String intentId = intentOf(bookingId);
        api.delete("/v1/bookings/" + bookingId);

        await().atMost(Duration.ofSeconds(20)).until(() -> api.intentAtPsp(intentId).path("status").asString()
                .equals("canceled"));

        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
        assertThat(refundsOf(intentId)).isZero();
    }
}
