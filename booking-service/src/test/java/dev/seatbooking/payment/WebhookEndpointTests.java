package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookEndpointTests extends IntegrationTest {

    @Test
    void oneEventDeliveredAHundredTimesTakesEffectOnce() throws Exception { // I5
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        String event = succeeded("evt_hundred_" + TestApi.randomText(8), bookingId);

        for (int i = 0; i < 100; i++) {
            assertThat(deliver(event, sign(event, secret(), now())).status()).isEqualTo(200);
        }

        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(api.get("/v1/bookings/" + bookingId + "/events").body()).hasSize(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment_event WHERE booking_id = :id").param("id", bookingId)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void duringASecretRotationTheOldSecretIsStillAccepted() throws Exception {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        String event = succeeded("evt_rotation_" + TestApi.randomText(8), bookingId);

        // IntegrationTest sets payment.webhook-previous-secret, as an operator does while rotating.
        var signedWithOld = deliver(event, sign(event, "whsec_previous_secret_of_the_tests", now()));

        assertThat(signedWithOld.status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
    }

    @Test
    void forgedStaleOrUnsignedEventsAreRefusedAndChangeNothing() throws Exception {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        String event = succeeded("evt_forged_" + TestApi.randomText(8), bookingId);

        var forged = deliver(event, "t=" + now() + ",v1=" + "ab".repeat(32));
        var wrongSecret = deliver(event, sign(event, "whsec_not_ours", now()));
        var stale = deliver(event, sign(event, secret(), now() - 600));
        var unsigned = deliver(event, null);
        var garbled = deliver(event, "t=abc,v1=zz");
        var tampered = deliver(event.replace("\"amount\":24100", "\"amount\":1"), sign(event, secret(), now()));

        for (var response : new TestApi.Response[] {forged, wrongSecret, stale, unsigned, garbled, tampered}) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.error()).isEqualTo("INVALID_SIGNATURE");
        }
        String notJson = "this is not an event";
        // Signed, event-shaped, but not usable: found by HostileInputTests, each was once a 500.
        String nullObject = event.replaceFirst("\"object\":\\{\"id\"", "\"object\":null,\"x\":{\"id\"");
        String nulInEventId = event.replaceFirst("\"id\":\"", "\"id\":\"\\\\u0000");
        for (String body : new String[] {notJson, nullObject, nulInEventId}) {
            var malformed = deliver(body, sign(body, secret(), now()));
            assertThat(malformed.status()).as(body).isEqualTo(400);
            assertThat(malformed.error()).isEqualTo("MALFORMED_REQUEST");
        }
        // A booking id no booking can have (a NUL byte, which PostgreSQL refuses) is simply no booking of ours.
        String strangeBooking = stranger("evt_" + TestApi.randomText(10), "pi_" + TestApi.randomText(10), "BK\\u0000AAAAAAA");
        var unknown = deliver(strangeBooking, sign(strangeBooking, secret(), now()));
        assertThat(unknown.status()).isEqualTo(200);

        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
        assertThat(seatsSold(flightId)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment_event WHERE booking_id = :id").param("id", bookingId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void eventsForUnknownIntentsOrOfUnusedTypesAreAcknowledgedAndChangeNothing() throws Exception {
        String unknownBooking = stranger("evt_unknown_" + TestApi.randomText(8), "pi_unknown", "BK" + TestApi.randomText(16));
        String noBooking = stranger("evt_nobooking_" + TestApi.randomText(8), "pi_unknown2", null);
        String unused = """
                {"id":"evt_unused_%s","object":"event","api_version":"2026-07-29.dahlia","created":1,"livemode":false,
                 "type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}}"""
                .formatted(TestApi.randomText(6));

        for (String event : new String[] {unknownBooking, noBooking, unused}) {
            assertThat(deliver(event, sign(event, secret(), now())).status()).isEqualTo(200);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment_event WHERE event_id LIKE 'evt_unknown_%' OR event_id LIKE 'evt_nobooking_%'"
                + " OR event_id LIKE 'evt_unused_%'").query(Integer.class).single()).isZero();
    }

    private String secret() {
        return environment.getRequiredProperty("payment.webhook-secret");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String sign(String payload, String secret, long timestamp) {
        return TestApi.webhookSignature(payload, secret, timestamp);
    }

    private TestApi.Response deliver(String payload, String signature) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/payments/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return api.send(request);
    }

    /** The booking's own payment succeeded, for its price. */
    private String succeeded(String eventId, String bookingId) {
        return ownPaymentEvent("payment_intent.succeeded", eventId, bookingId);
    }

    /** A payment the service did not start succeeded. */
    private static String stranger(String eventId, String intentId, String bookingId) {
        return TestApi.paymentEvent("payment_intent.succeeded", eventId, intentId, bookingId, 100, "eur");
    }
}
