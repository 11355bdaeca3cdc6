package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.RecentSpans;
import dev.seatbooking.TestApi;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One booking, one trace: the claim's request, its Redis and database calls, the payment start,
 * the intent's metadata at the PSP and the webhooks' handling all carry the same trace id.
 */
class TracingTests extends IntegrationTest {

    @Autowired
    RecentSpans spans;

    @Test
    void theBookingRequestThePaymentIntentAndTheWebhookShareOneTraceId() {
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_delayed", null)
                .body().path("bookingId").asString();
        awaitStatus(bookingId, "CONFIRMED");

        // The claim's server span, found by the booking id its payment start carries.
        SpanData start = await().atMost(Duration.ofSeconds(10)).until(
                () -> finished("payment.start", bookingId), found -> found != null);
        String traceId = start.getTraceId();
        assertThat(finishedSpans()).filteredOn(s -> s.getTraceId().equals(traceId))
                .anySatisfy(s -> {
                    assertThat(s.getKind()).isEqualTo(SpanKind.SERVER);
                    assertThat(s.getName()).isEqualTo("http post /v1/bookings");
                })
                .anySatisfy(s -> assertThat(s.getName()).isEqualTo("evalsha"))
                .anySatisfy(s -> assertThat(s.getName()).isEqualTo("query"));

        String intentId = intentOf(bookingId);
        var intent = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/psp/v1/payment_intents/" + intentId))
                .header("Authorization", "Bearer " + environment.getRequiredProperty("payment.api-key")));
        assertThat(intent.body().path("metadata").path("traceparent").asString()).contains("-" + traceId + "-");

        // The authorization's webhook, and the success's once the sale captured it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(finishedSpans())
                .filteredOn(s -> s.getName().equals("payment.webhook"))
                .filteredOn(s -> s.getTraceId().equals(traceId))
                .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("event.type")))
                .containsExactlyInAnyOrder("payment_intent.amount_capturable_updated", "payment_intent.succeeded"));
    }

    private SpanData finished(String name, String bookingId) {
        return finishedSpans().stream()
                .filter(s -> s.getName().equals(name))
                .filter(s -> bookingId.equals(s.getAttributes().get(AttributeKey.stringKey("booking.id"))))
                .findFirst().orElse(null);
    }

    private List<SpanData> finishedSpans() {
        return spans.all();
    }
}
