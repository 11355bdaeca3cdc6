package dev.seatbooking.booking.pay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.RefusedIntentRecords;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A payment start that stopped between the PSP's answer and its record (the process died) is
 * resumed from the outbox under the same key, once its instance's lease is over: it learns the
 * intent the PSP made, the buyer's own payment confirms, and no second payment is made. A start
 * whose booking ended or lapsed, or that never began, calls no PSP; an intent the database could not
 * take is recorded once it can, and confirms, or is refunded once if the booking ended meanwhile.
 */
class PaymentStartRecoveryTests extends IntegrationTest {

    @Test
    void aStartInterruptedBeforeItRecordedItsIntentIsResumedAndTheBuyersPaymentConfirms() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, TestApi.HOLD_ONLY, null).body()
                .path("bookingId").asString();
        String intentId = intentOf(bookingId);
        // What a process that died after the PSP made the intent, before recording it, leaves behind:
        // its start's outbox row, still leased to it.
        jdbc.sql("UPDATE booking SET payment_intent_id = NULL, payment_status = 'starting' WHERE id = :id")
                .param("id", bookingId).update();
        reopenStart(bookingId, "now() + interval '1 hour'");
        String paid = TestApi.paymentEvent("payment_intent.succeeded", "evt_resumed_" + TestApi.randomText(8), intentId,
                bookingId, 12050, "eur");
        assertThat(deliverSigned(paid).status()).isEqualTo(503);

        reopenStart(bookingId, "now()"); // the lease is over: any instance's relay takes it

        await().atMost(Duration.ofSeconds(20)).until(() -> intentId.equals(jdbc.sql(
                "SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId).query(String.class)
                .optional().orElse(null)));
        assertThat(deliverSigned(paid).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(redisCounts(flightId)).containsExactly(3, 1, 0);
        assertThat(paymentsMadeFor(bookingId)).as("payments made for the booking").isEqualTo(1);
    }

    @Test
    void aStalledStartOfABookingWhoseHoldLapsedIsNotResumed() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, TestApi.HOLD_ONLY, null).body()
                .path("bookingId").asString();
        intentOf(bookingId);
        jdbc.sql("""
                UPDATE booking SET payment_intent_id = NULL, payment_status = 'starting', status = 'TIMEOUT',
                                   hold_expires_at = now() - interval '1 minute' WHERE id = :id""")
                .param("id", bookingId).update();

        reopenStart(bookingId, "now()");

        awaitStartDone(bookingId);
        assertThat(paymentOf(bookingId)).as("no intent recorded, nothing waited for").isEqualTo("- start_abandoned");
        assertThat(paymentsMadeFor(bookingId)).as("payments made for the booking").isEqualTo(1);
        assertThat(bookingStatus(bookingId)).isEqualTo("TIMEOUT");
    }

    @Test
    void aStalledStartOfAPendingBookingWhoseHoldLapsedCallsNoPsp() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, TestApi.HOLD_ONLY, null).body()
                .path("bookingId").asString();
        intentOf(bookingId);
        // The expiry job has not come round yet: the booking still reads PENDING.
        jdbc.sql("""
                UPDATE booking SET payment_intent_id = NULL, payment_status = 'starting',
                                   hold_expires_at = now() - interval '1 second' WHERE id = :id""")
                .param("id", bookingId).update();

        reopenStart(bookingId, "now()");

        awaitStartDone(bookingId);
        // A call to the PSP would have answered with the intent it made, and the start recorded it.
        assertThat(paymentOf(bookingId)).isEqualTo("- start_abandoned");
    }

    @Test
    void aStartTheClaimsInstanceNeverBeganIsNotChargedByAnother() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, TestApi.HOLD_ONLY, null).body()
                .path("bookingId").asString();
        intentOf(bookingId);
        // What an instance that stopped right after the claim's commit leaves: a booking whose start
        // never began, whose client may never have heard of it.
        jdbc.sql("UPDATE booking SET payment_intent_id = NULL, payment_status = NULL WHERE id = :id")
                .param("id", bookingId).update();

        reopenStart(bookingId, "now()");

        awaitStartDone(bookingId);
        assertThat(paymentOf(bookingId)).isEqualTo("- -");
        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
    }

    @Test
    void anIntentTheDatabaseCouldNotTakeIsRecordedOnceItCanAndTheBuyerPaysOnce() {
        String flightId = api.createFlight(3);
        String userId = TestApi.newUserId();
        try {
            String bookingId = paidWhileIntentsAreRefused(userId, flightId);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT attempts FROM outbox WHERE booking_id = :id AND kind = 'START_PAYMENT'")
                    .param("id", bookingId).query(Integer.class).single() >= 1);
            assertThat(paymentOf(bookingId)).isEqualTo("- starting");
            assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
            // No other try may record it now: only the process that holds the PSP's answer can.
            jdbc.sql("UPDATE outbox SET done_at = now() WHERE booking_id = :id AND kind = 'START_PAYMENT'")
                    .param("id", bookingId).update();

            RefusedIntentRecords.allow(jdbc, userId);

            awaitStatus(bookingId, "CONFIRMED");
            assertThat(paymentsMadeFor(bookingId)).as("payments made for the booking").isEqualTo(1);
            assertThat(seatsSold(flightId)).isEqualTo(1);
            assertThat(refundsOf(intentOf(bookingId))).isZero();
        } finally {
            RefusedIntentRecords.allow(jdbc, userId);
        }
    }

    @Test
    void anIntentTheDatabaseCouldNotTakeOfABookingCancelledMeanwhileIsVoided() {
        String flightId = api.createFlight(3);
        String userId = TestApi.newUserId();
        try {
            String bookingId = paidWhileIntentsAreRefused(userId, flightId);
            String intentId = intentMadeFor(bookingId);

            assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);
            RefusedIntentRecords.allow(jdbc, userId);

            // Authorized, never captured: the authorization is voided, and no money moves.
            await().atMost(Duration.ofSeconds(30)).until(() -> api.intentAtPsp(intentId).path("status").asString()
                    .equals("canceled"));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                    SELECT COUNT(*) FROM outbox WHERE booking_id = :id AND done_at IS NULL AND kind <> 'CHECK_INTENT'""")
                    .param("id", bookingId).query(Integer.class).single() == 0);
            assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
            assertThat(refundsOf(intentId)).as("refunds of the buyer's payment").isZero();
            assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
            assertThat(seatsSold(flightId)).isZero();
            assertThat(redisCounts(flightId)).containsExactly(3, 0, 0);
        } finally {
            RefusedIntentRecords.allow(jdbc, userId);
        }
    }

    /** A booking paid by card whose start's record of the intent the database refuses, once the PSP made it. */
    private String paidWhileIntentsAreRefused(String userId, String flightId) {
        RefusedIntentRecords.install(jdbc);
        RefusedIntentRecords.refuse(jdbc, userId);
        String bookingId = api.claimPaying(userId, flightId, 1, "pm_card_visa", null).body().path("bookingId")
                .asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> paymentsMadeFor(bookingId) == 1);
        return bookingId;
    }

    private void awaitStartDone(String bookingId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT done_at IS NOT NULL FROM outbox WHERE booking_id = :id AND kind = 'START_PAYMENT'")
                .param("id", bookingId).query(Boolean.class).single());
    }

    /** The booking's recorded intent and payment status, "-" for none. */
    private String paymentOf(String bookingId) {
        return jdbc.sql("SELECT COALESCE(payment_intent_id, '-') || ' ' || COALESCE(payment_status, '-') FROM booking"
                + " WHERE id = :id").param("id", bookingId).query(String.class).single();
    }

    private String intentMadeFor(String bookingId) {
        for (var intent : api.ledger().path("intents")) {
            if (bookingId.equals(intent.path("metadata").path("bookingId").asString())) {
                return intent.path("id").asString();
            }
        }
        throw new AssertionError("No intent made for " + bookingId);
    }

    /** Makes the booking's payment start outbox work again, due at {@code dueAt} (SQL). */
    private void reopenStart(String bookingId, String dueAt) {
        assertThat(jdbc.sql("UPDATE outbox SET done_at = NULL, attempts = 0, next_at = " + dueAt
                        + " WHERE booking_id = :id AND kind = 'START_PAYMENT'")
                .param("id", bookingId).update()).isEqualTo(1);
    }

    private long paymentsMadeFor(String bookingId) {
        long intents = 0;
        for (var intent : api.ledger().path("intents")) {
            intents += bookingId.equals(intent.path("metadata").path("bookingId").asString()) ? 1 : 0;
        }
        return intents;
    }
}
