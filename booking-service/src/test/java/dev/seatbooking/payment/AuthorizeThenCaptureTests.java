package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Money moves only for seats that are sold (payment.capture-method=manual, the default): PAY
 * authorizes, the sale captures, a capture refused for good undoes the sale once, an authorization
 * that lapsed is never captured, and a cancel voids what was not captured and refunds what was.
 */
class AuthorizeThenCaptureTests extends IntegrationTest {

    @Test
    void payAuthorizesAndTheSaleCaptures() {
        String flightId = api.createFlight(10);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "CONFIRMED");
        awaitPaymentStatus(bookingId, "captured");

        var intent = api.intentAtPsp(intentOf(bookingId));
        assertThat(intent.path("capture_method").asString()).isEqualTo("manual");
        assertThat(intent.path("status").asString()).isEqualTo("succeeded");
        assertThat(intent.path("amount_received").asLong()).isEqualTo(intent.path("amount").asLong());
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(10, 2, 0);
        // The authorization's webhook, and the capture's success, change nothing more.
        await().atMost(Duration.ofSeconds(10)).until(() -> paymentEventsOf(bookingId) >= 2);
        assertThat(statusesOf(bookingId)).isEqualTo("PENDING CONFIRMED");
    }

    @Test
    void captureRefusedForGoodUndoesTheSaleAndFreesTheSeatsOnce() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 3, "pm_sim_capture_refused", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "FAILED");

        assertThat(paymentStatus(bookingId)).isEqualTo("capture_failed");
        assertThat(statusesOf(bookingId)).isEqualTo("PENDING CONFIRMED FAILED");
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(2).path("cause").asString()).contains("capture of pi_").contains("refused");
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(3, 0, 0);
        var intent = api.intentAtPsp(intentOf(bookingId));
        assertThat(intent.path("status").asString()).isEqualTo("canceled");
        assertThat(intent.path("amount_received").asLong()).isZero();
        // A copy of the authorization's event buys nothing now, and the seats went back once: all 3 sell again.
        assertThat(deliverSigned(ownPaymentEvent("payment_intent.amount_capturable_updated",
                "evt_copy_" + TestApi.randomText(8), bookingId)).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("FAILED");
        assertThat(api.claim(TestApi.newUserId(), flightId, 3).status()).isEqualTo(201);
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
        assertThat(seatsSold(flightId)).isZero();
    }

    @Test
    void authorizationThatLapsedBeforeItsCaptureIsNeverCaptured() {
        String flightId = api.createFlight(4);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_authorization_lapsed", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "FAILED");

        assertThat(paymentStatus(bookingId)).isEqualTo("capture_failed");
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(2).path("cause").asString()).contains("authorization expired");
        var intent = api.intentAtPsp(intentOf(bookingId));
        assertThat(intent.path("status").asString()).isEqualTo("canceled");
        assertThat(intent.path("cancellation_reason").asString()).isEqualTo("automatic");
        assertThat(intent.path("amount_received").asLong()).isZero();
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(4, 0, 0);
    }

    @Test
    void cancelBeforeTheSaleVoidsTheAuthorization() {
        String flightId = api.createFlight(5);
        // Processing for 3 s, then authorized: the cancel comes first, and its void is refused at first.
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null)
                .body().path("bookingId").asString();
        String intentId = intentOf(bookingId);
        assertThat(api.delete("/v1/bookings/" + bookingId).body().path("status").asString()).isEqualTo("CANCELLED");

        await().atMost(Duration.ofSeconds(20)).until(() -> api.intentAtPsp(intentId).path("status").asString()
                .equals("canceled"));
        awaitPaymentStatus(bookingId, "canceled");

        assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
        assertThat(refundsOf(intentId)).isZero();
        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
    }

    @Test
    void cancelAfterTheSaleRefundsWhatWasCaptured() {
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null)
                .body().path("bookingId").asString();
        awaitPaymentStatus(bookingId, "captured");
        String intentId = intentOf(bookingId);

        assertThat(api.delete("/v1/bookings/" + bookingId).body().path("status").asString()).isEqualTo("CANCELLED");

        awaitPaymentStatus(bookingId, "refunded");
        assertThat(refundsOf(intentId)).isEqualTo(1);
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
    }

    /** The statuses the booking went through, oldest first, space-separated. */
    private String statusesOf(String bookingId) {
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        var statuses = new StringBuilder();
        for (JsonNode event : events) {
            statuses.append(statuses.isEmpty() ? "" : " ").append(event.path("to").asString());
        }
        return statuses.toString();
    }

    private int paymentEventsOf(String bookingId) {
        return jdbc.sql("SELECT COUNT(*) FROM payment_event WHERE booking_id = :id").param("id", bookingId)
                .query(Integer.class).single();
    }
}
