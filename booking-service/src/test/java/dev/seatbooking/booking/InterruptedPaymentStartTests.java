package dev.seatbooking.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A payment start that stopped between the PSP's answer and its record (the process died) is
 * resumed under the same key: it learns the intent the PSP made, the buyer's own payment confirms,
 * and no second payment is made.
 */
class InterruptedPaymentStartTests extends IntegrationTest {

    @Autowired
    InterruptedPaymentStarts interrupted;

    @Test
    void aStartInterruptedBeforeItRecordedItsIntentIsResumedAndTheBuyersPaymentConfirms() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, TestApi.HOLD_ONLY, null).body()
                .path("bookingId").asString();
        String intentId = intentOf(bookingId);
        // What a process that died after the PSP made the intent, before recording it, leaves behind.
        jdbc.sql("""
                UPDATE booking SET payment_intent_id = NULL, payment_status = 'starting',
                                   updated_at = now() - interval '3 minutes' WHERE id = :id""")
                .param("id", bookingId).update();
        String paid = TestApi.paymentEvent("payment_intent.succeeded", "evt_resumed_" + TestApi.randomText(8), intentId,
                bookingId, 12050, "eur");
        assertThat(deliverSigned(paid).status()).isEqualTo(503);

        interrupted.resumeStalledStarts();

        await().atMost(Duration.ofSeconds(20)).until(() -> intentId.equals(jdbc.sql(
                "SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId).query(String.class)
                .optional().orElse(null)));
        assertThat(deliverSigned(paid).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(redisCounts(flightId)).containsExactly(3, 1, 0);
        long intents = 0;
        for (var intent : api.ledger().path("intents")) {
            intents += bookingId.equals(intent.path("metadata").path("bookingId").asString()) ? 1 : 0;
        }
        assertThat(intents).as("payments made for the booking").isEqualTo(1);
    }

    @Test
    void aStalledStartOfABookingWhoseHoldLapsedIsNotResumed() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, TestApi.HOLD_ONLY, null).body()
                .path("bookingId").asString();
        intentOf(bookingId);
        jdbc.sql("""
                UPDATE booking SET payment_intent_id = NULL, payment_status = 'starting', status = 'TIMEOUT',
                                   hold_expires_at = now() - interval '1 minute',
                                   updated_at = now() - interval '3 minutes' WHERE id = :id""")
                .param("id", bookingId).update();

        interrupted.resumeStalledStarts();

        assertThat(jdbc.sql("SELECT updated_at < now() - interval '2 minutes' FROM booking WHERE id = :id")
                .param("id", bookingId).query(Boolean.class).single()).as("left alone").isTrue();
    }
}
