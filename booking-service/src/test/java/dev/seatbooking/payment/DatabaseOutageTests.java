package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.DatabaseOutage;
import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while webhooks arrive: they are not acknowledged (so the PSP delivers
 * them again), nothing is half-applied, and the redelivery after the outage takes effect once.
 */
class DatabaseOutageTests extends IntegrationTest {

    @Test
    void webhooksDuringAnOutageAreRefusedAndTheirRedeliveryConfirmsOnce() throws Exception {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        String event = ownPaymentEvent("payment_intent.succeeded", "evt_outage_" + TestApi.randomText(8), bookingId);

        try (var outage = DatabaseOutage.begin(environment)) {
            var during = deliverSigned(event);
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.error()).isEqualTo("DATABASE_UNAVAILABLE");
            assertThat(during.header("Retry-After")).isEqualTo("1");
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
            // Nothing was half-applied: Redis still holds the seats, sells none.
            assertThat(redisCounts(flightId)).containsExactly(5, 0, 2);
        }

        // The PSP delivers again until it gets a 200; the first tries may still meet connections the
        // outage broke, which the pool replaces as they fail.
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> deliverSigned(event).status() == 200);
        assertThat(deliverSigned(event).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
    }
}
