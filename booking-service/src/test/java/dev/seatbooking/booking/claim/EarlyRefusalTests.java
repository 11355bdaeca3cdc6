package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Claims refused before the security filter chain and Spring MVC (EarlyRefusalFilter) are counted
 * once in {@code http.server.requests}, as the request's observation counts the others; the
 * instance's rate limit still applies to them, with the full path's answer; and a claim the filter
 * read but did not refuse reaches the full path with its body whole.
 */
class EarlyRefusalTests extends IntegrationTest {

    @Test
    void refusalsBeforeTheChainAreCountedOnceAndRateLimitedAsOthers() {
        try (var instance = startAnotherInstance("--inventory.full-flight-memory=1s", "--booking.rate-limit.per-user=4",
                "--booking.rate-limit.window=1h")) {
            var other = new TestApi(portOf(instance));
            String flightId = api.createFlight(1);
            assertThat(other.claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(201);
            // Redis refuses this one; the instance remembers the flight as full from then on.
            assertThat(other.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
            double requestsBefore = requests(instance, "409");
            double earlyBefore = refusedEarly(instance);

            String user = TestApi.newUserId();
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                var answer = other.claim(user, flightId, 1);
                answers.add(answer.status() + " " + answer.error() + (answer.status() == 429
                        ? " after " + answer.header("Retry-After") : ""));
            }

            assertThat(answers).hasSize(6).startsWith("409 NO_SEATS", "409 NO_SEATS", "409 NO_SEATS", "409 NO_SEATS");
            assertThat(answers.subList(4, 6)).allMatch(a -> a.startsWith("429 RATE_LIMITED after "));
            // Most, not always all: a release of another test's flight in the same stripe of the
            // memory can keep one refusal from being remembered, and that one goes the full way.
            assertThat(refusedEarly(instance) - earlyBefore).isBetween(4.0, 6.0);
            // The server records a request once its answer is written, a moment after the client has it.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(requests(instance, "409") - requestsBefore).isEqualTo(4);
                assertThat(requests(instance, "429")).isEqualTo(2);
            });
            assertThat(redisCounts(flightId)).as("capacity, sold, held").containsExactly(1, 0, 1);

            // An itinerary with a leg on the full flight is refused early too, and holds nothing.
            String open = api.createFlight(5);
            String traveller = TestApi.newUserId();
            var itinerary = other.postAs(TestApi.userToken(traveller), "/v1/bookings", null,
                    "{\"flightIds\":[\"" + open + "\",\"" + flightId + "\"],\"seats\":1,\"paymentMethod\":\""
                            + TestApi.HOLD_ONLY + "\"}");
            assertThat(itinerary.status() + " " + itinerary.error()).isEqualTo("409 NO_SEATS");
            assertThat(redisCounts(open)).containsExactly(5, 0, 0);

            // The same claim on a flight with seats goes down the chain, its body read again there.
            var held = other.claim(TestApi.newUserId(), open, 2);
            assertThat(held.status()).isEqualTo(201);
            assertThat(held.body().path("seats").asInt()).isEqualTo(2);
            assertThat(redisCounts(open)).containsExactly(5, 0, 2);
        }
    }

    private static double requests(ConfigurableApplicationContext instance, String status) {
        var timer = instance.getBean(MeterRegistry.class).find("http.server.requests").tag("uri", "/v1/bookings")
                .tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    private static double refusedEarly(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class).get("booking.claims.refused_early").counter().count();
    }
}
