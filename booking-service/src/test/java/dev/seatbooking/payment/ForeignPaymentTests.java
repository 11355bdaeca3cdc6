package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Whose money confirms what (DESIGN section 6): only the intent the booking's payment start
 * recorded, for exactly its price. A stranger's payment that names a booking, or the booking's own
 * intent for another amount, is refunded once and changes no status.
 */
class ForeignPaymentTests extends IntegrationTest {

    /**
     * The attack an independent review reproduced: a booking whose payment the PSP refused (no
     * intent, FAILED) was confirmed by a cent paid through the simulator, sent without any token.
     */
    @Test
    void theFreeSeatAttackConfirmsNothing() {
        String flightId = api.createFlight(1);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_bogus", null).body()
                .path("bookingId").asString();
        awaitStatus(bookingId, "FAILED");
        assertThat(jdbc.sql("SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId)
                .query(String.class).optional()).isEmpty();

        // Step 1 as reproduced: no token at all. Then a made-up key, and the key the README once printed.
        for (String key : new String[] {null, "sk_test_anything", "sk_test_simulator"}) {
            var refused = api.payAtPsp(key, bookingId, 1, "eur");
            assertThat(refused.status()).as("key %s", key).isEqualTo(401);
        }
        // A cent is under the PSP's minimum even with the key.
        assertThat(api.payAtPsp(TestApi.PSP_KEY, bookingId, 1, "eur").body().path("error").path("code").asString())
                .isEqualTo("amount_too_small");
        // With the key (someone who holds it), a payment the PSP takes: still confirms nothing.
        var paid = api.payAtPsp(TestApi.PSP_KEY, bookingId, 50, "eur");
        assertThat(paid.status()).isEqualTo(200);
        String strangersIntent = paid.body().path("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> refundsOf(strangersIntent) == 1);
        assertThat(bookingStatus(bookingId)).isEqualTo("FAILED");
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(1, 0, 0);
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(events.size() - 1).path("from").asString()).isEqualTo("FAILED");
        assertThat(events.get(events.size() - 1).path("to").asString()).isEqualTo("FAILED");
        assertThat(events.get(events.size() - 1).path("cause").asString())
                .contains(strangersIntent).contains("not this booking's: refunded");
        // The booking's own payment fields are untouched by the stranger's refund.
        assertThat(api.get("/v1/bookings/" + bookingId).body().path("paymentIntentId").isNull()).isTrue();
    }

    /** The same attack against an instance without the simulator (its PSP is elsewhere): nothing to pay through. */
    @Test
    void withTheSimulatorOffTheAttackFindsNothingToPayThrough() {
        try (var instance = startAnotherInstance("--simulator.enabled=false",
                "--payment.api-base=http://127.0.0.1:" + port + "/psp", "--payment.api-key=" + TestApi.PSP_KEY)) {
            var withoutSimulator = new TestApi(portOf(instance));
            String flightId = withoutSimulator.createFlight(1);
            String bookingId = withoutSimulator.claimPaying(TestApi.newUserId(), flightId, 1, "pm_bogus", null).body()
                    .path("bookingId").asString();
            awaitStatus(bookingId, "FAILED");

            for (String key : new String[] {null, "sk_test_simulator", TestApi.PSP_KEY}) {
                var refused = withoutSimulator.payAtPsp(key, bookingId, 50, "eur");
                assertThat(refused.status()).as("key %s", key).isEqualTo(404);
                assertThat(refused.error()).isEqualTo("NOT_FOUND");
            }
            assertThat(withoutSimulator.get("/psp/ledger").status()).isEqualTo(404);
            assertThat(bookingStatus(bookingId)).isEqualTo("FAILED");
            assertThat(seatsSold(flightId)).isZero();
        }
    }

    @Test
    void aStrangersPaymentForAPendingBookingIsRefundedAndTheOwnPaymentStillConfirms() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_never", null).body()
                .path("bookingId").asString();
        String ownIntent = intentOf(bookingId);

        // The right amount and currency, but not the intent the service made: foreign.
        String stranger = api.payAtPsp(TestApi.PSP_KEY, bookingId, 12050, "eur").body().path("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> refundsOf(stranger) == 1);
        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
        assertThat(redisCounts(flightId)).containsExactly(3, 0, 1);

        // The booking's own intent for another amount: refunded too, never confirms.
        String wrongAmount = TestApi.paymentEvent("payment_intent.succeeded", "evt_amount_" + TestApi.randomText(8),
                ownIntent, bookingId, 12049, "eur");
        String wrongCurrency = TestApi.paymentEvent("payment_intent.succeeded", "evt_currency_" + TestApi.randomText(8),
                ownIntent, bookingId, 12050, "usd");
        assertThat(deliverSigned(wrongAmount).status()).isEqualTo(200);
        assertThat(deliverSigned(wrongCurrency).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
        assertThat(foreignPayments(bookingId)).isEqualTo(2); // the stranger's and the booking's own intent, once

        // The booking's own intent, for its price: confirms.
        String own = ownPaymentEvent("payment_intent.succeeded", "evt_own_" + TestApi.randomText(8), bookingId);
        assertThat(deliverSigned(own).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(1);
        assertThat(redisCounts(flightId)).containsExactly(3, 1, 0);
    }

    @Test
    void anEventForAnUnrecordedIntentIsAskedAgainWhileThePaymentStartRuns() {
        String flightId = api.createFlight(3);
        String bookingId = claimWhosePaymentStartTakes3Seconds(flightId);
        String unknown = strangersPayment(bookingId);
        var early = deliverSigned(unknown);
        assertThat(early.status()).isEqualTo(503);
        assertThat(early.error()).isEqualTo("PAYMENT_START_IN_PROGRESS");
        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment_event WHERE booking_id = :id").param("id", bookingId)
                .query(Integer.class).single()).isZero();

        // The start records its intent and the reply confirms; the redelivered stranger is now foreign.
        awaitStatus(bookingId, "CONFIRMED");
        assertThat(deliverSigned(unknown).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(foreignPayments(bookingId)).isEqualTo(1);
    }

    @Test
    void aCancelStopsHoldingBackEventsForAStartThatMayNeverRecordItsIntent() {
        String flightId = api.createFlight(3);
        String bookingId = claimWhosePaymentStartTakes3Seconds(flightId);
        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);

        // The start's process could die before it records its intent: an event naming the cancelled
        // booking is settled now (refunded as a stranger's), not answered 503 until the hold lapses.
        String unknown = strangersPayment(bookingId);
        assertThat(deliverSigned(unknown).status()).isEqualTo(200);
        assertThat(foreignPayments(bookingId)).isEqualTo(1);

        // The start that did live records its intent after the cancel, and its authorization is voided (I4).
        String intentId = intentOf(bookingId);
        awaitVoided(intentId);
        assertThat(redisCounts(flightId)).containsExactly(3, 0, 0);
    }

    @Test
    void aStartThatLearnsItsIntentAfterTheCancelStillVoidsAPaymentWhoseWebhookIsLost() {
        String flightId = api.createFlight(3);
        assertThat(api.pspPost("/psp/outage?slowNextMillis=2000").status()).isEqualTo(200);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_delayed", null).body()
                .path("bookingId").asString();
        // Every event of this booking is lost: only the service's own follow-up can find the payment.
        assertThat(api.pspPost("/psp/outage?silenceBooking=" + bookingId).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> "starting".equals(paymentStatus(bookingId)));
        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);

        // The intent, recorded after the cancel, is authorized 50-200 ms after its start: voided (I4).
        String intentId = intentOf(bookingId);
        awaitVoided(intentId);
        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        assertThat(redisCounts(flightId)).containsExactly(3, 0, 0);
    }

    /** The authorization was voided, and no money moved: nothing captured, nothing to refund. */
    private void awaitVoided(String intentId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.intentAtPsp(intentId).path("status").asString()
                .equals("canceled"));
        assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
        assertThat(refundsOf(intentId)).isZero();
    }


    /** A card payment whose start the PSP answers after 3 s; answers once the start is under way. */
    private String claimWhosePaymentStartTakes3Seconds(String flightId) {
        assertThat(api.pspPost("/psp/outage?slowNextMillis=3000").status()).isEqualTo(200);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null).body()
                .path("bookingId").asString();
        await().atMost(Duration.ofSeconds(5)).until(() -> "starting".equals(paymentStatus(bookingId)));
        return bookingId;
    }

    /** A succeeded payment that names the booking, of an intent the service never made. */
    private static String strangersPayment(String bookingId) {
        return TestApi.paymentEvent("payment_intent.succeeded", "evt_stranger_" + TestApi.randomText(8),
                "pi_" + TestApi.randomText(20).toLowerCase(), bookingId, 12050, "eur");
    }

    private int foreignPayments(String bookingId) {
        return jdbc.sql("SELECT COUNT(*) FROM foreign_payment WHERE booking_id = :id").param("id", bookingId)
                .query(Integer.class).single();
    }
}
