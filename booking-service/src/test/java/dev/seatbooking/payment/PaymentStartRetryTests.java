package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import org.junit.jupiter.api.Test;

class PaymentStartRetryTests extends IntegrationTest {

    @Test
    void paymentStartIsRetriedUnderOneKeyUntilThePspAnswers() {
        String flightId = api.createFlight(5);
        // The SDK tries each call 3 times; the starter retries the call: 4 failures span both.
        assertThat(api.pspPost("/psp/outage?failNext=4").status()).isEqualTo(200);

        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null)
                .body().path("bookingId").asString();

        awaitStatus(bookingId, "CONFIRMED");
        long intents = 0;
        for (var intent : api.ledger().path("intents")) {
            if (bookingId.equals(intent.path("metadata").path("bookingId").asString())) {
                intents++;
            }
        }
        assertThat(intents).as("PaymentIntents made for one booking").isEqualTo(1);
        assertThat(seatsSold(flightId)).isEqualTo(1);
    }
}
