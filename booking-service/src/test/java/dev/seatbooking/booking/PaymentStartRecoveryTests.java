package dev.seatbooking.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A payment start that stopped between the PSP's answer and its record (the process died) is
 * resumed from the outbox under the same key, once its instance's lease is over: it learns the
 * intent the PSP made, the buyer's own payment confirms, and no second payment is made.
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

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT done_at IS NOT NULL FROM outbox WHERE booking_id = :id AND kind = 'START_PAYMENT'")
                .param("id", bookingId).query(Boolean.class).single());
        assertThat(jdbc.sql("SELECT payment_intent_id IS NULL FROM booking WHERE id = :id").param("id", bookingId)
                .query(Boolean.class).single()).as("no intent recorded").isTrue();
        assertThat(paymentsMadeFor(bookingId)).as("payments made for the booking").isEqualTo(1);
        assertThat(bookingStatus(bookingId)).isEqualTo("TIMEOUT");
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
