package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every log line of a booking's flow names its booking, its flight and its trace, so one search
 * finds the whole story; and no line carries the webhook secret or the PSP key.
 */
@ExtendWith(OutputCaptureExtension.class)
class FlowLogTests extends IntegrationTest {

    @Test
    void everyLineOfABookingsFlowNamesItsBookingFlightAndTrace(CapturedOutput output) {
        String flightId = api.createFlight(2);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null)
                .body().path("bookingId").asString();
        // Captured first (the sale captures the authorization), so the cancel refunds rather than voids.
        awaitPaymentStatus(bookingId, "captured");
        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("Refunded " + bookingId));

        var lines = output.getOut().lines().filter(line -> line.contains(bookingId)).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> assertThat(line)
                .contains("bookingId=" + bookingId, "flightId=" + flightId)
                .containsPattern("traceId=[0-9a-f]{32}"));
        assertThat(output.getAll())
                .doesNotContain(environment.getRequiredProperty("payment.webhook-secret"))
                .doesNotContain(environment.getRequiredProperty("payment.api-key"));
    }
}
