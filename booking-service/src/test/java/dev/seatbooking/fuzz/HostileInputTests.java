package dev.seatbooking.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 hostile bodies against the booking and webhook endpoints. Every answer must be a 2xx or a
 * 4xx problem detail with an error code, never a 5xx; and no input may move a seat without a
 * booking to show for it: at the end Redis and the database agree on the targeted flight, and a
 * flight no valid input names has not moved.
 */
class HostileInputTests extends IntegrationTest {

    private static final long SEED = 20261128L;

    @Test
    void bookingBodiesGetAClearAnswerAndMoveNoSeatWithoutABooking() throws Exception {
        String flightId = api.createFlight(1000);
        String bystander = api.createFlight(10);
        List<String> seeds = List.of(
                "{\"userId\":\"fuzz-user\",\"flightIdentifier\":\"" + flightId + "\",\"seats\":1}",
                "{\"userId\":\"fuzz-user\",\"flightIdentifier\":\"" + flightId + "\",\"seats\":2,\"paymentMethod\":\"pm_card_visa\"}",
                "{\"userId\":\"fuzz-user\",\"flightIds\":[\"" + flightId + "\"],\"seats\":1,\"paymentMethod\":\"pm_sim_never\"}",
                "{\"userId\":\"fuzz-user\",\"flightIdentifier\":\"" + flightId + "\",\"flightIds\":[\"" + flightId + "\"],\"seats\":1}");
        var bodies = InputCorpus.bodies(SEED, 6_000, seeds);

        var answers = send(bodies, (body, i) -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bookings"))
                .header("Content-Type", i % 10 == 0 ? "text/plain" : "application/json")
                .header("Idempotency-Key", "fuzz-" + SEED + "-" + (i % 50 == 0 ? 0 : i))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(answers.keySet()).allSatisfy(status -> assertThat(status).isBetween(200, 499));
        assertThat(answers.keySet()).contains(201, 400, 422);

        // Let the payments of the bookings the valid inputs made settle, then compare.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(api.get("/v1/admin/flights/" + flightId + "/inventory").body().path("agree").asBoolean()).isTrue());
        var inventory = api.get("/v1/admin/flights/" + flightId + "/inventory").body();
        int heldAndSold = inventory.path("redis").path("held").asInt() + inventory.path("redis").path("sold").asInt();
        assertThat(heldAndSold).isEqualTo(seatsInStatus(flightId, "PENDING") + seatsInStatus(flightId, "CONFIRMED"));
        assertThat(redisCounts(bystander)).containsExactly(10, 0, 0);
    }

    @Test
    void webhookBodiesSignedOrNotGetAClearAnswer() throws Exception {
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_never", null).body().path("bookingId").asString();
        // Once the booking's payment has started, events for other intents are foreign, not "not known yet" (503).
        intentOf(bookingId);
        String event = TestApi.paymentEvent("payment_intent.succeeded", "evt_fuzz", "pi_fuzz", bookingId, 100, "eur");
        String failed = TestApi.paymentEvent("payment_intent.payment_failed", "evt_fuzz2", "pi_fuzz2", bookingId, 100,
                "eur");
        var bodies = InputCorpus.bodies(SEED + 1, 4_000, List.of(event, failed));
        String secret = environment.getRequiredProperty("payment.webhook-secret");

        var answers = send(bodies, (body, i) -> {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/payments/webhook"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            // Half are signed correctly, so the fuzz reaches the event handling behind the signature.
            if (i % 2 == 0) {
                request.header("Stripe-Signature", sign(body, secret));
            } else if (i % 4 == 1) {
                request.header("Stripe-Signature", "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64));
            }
            return request;
        });

        assertThat(answers.keySet()).allSatisfy(status -> assertThat(status).isIn(200, 400));
        // Correctly signed events may decide the booking (the PSP is trusted once its signature holds),
        // but whatever they said, Redis matches the database and the one seat is counted at most once.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get("/v1/admin/flights/" + flightId + "/inventory").body().path("agree").asBoolean()).isTrue());
        int[] counts = redisCounts(flightId);
        assertThat(counts[1] + counts[2]).isLessThanOrEqualTo(1)
                .isEqualTo(seatsInStatus(flightId, "PENDING") + seatsInStatus(flightId, "CONFIRMED"));
    }

    interface RequestFor {
        HttpRequest.Builder build(byte[] body, int index);
    }

    /** Sends every body (8 at a time); answers how many answers had each status, after checking each 4xx is a problem. */
    private Map<Integer, Integer> send(List<byte[]> bodies, RequestFor requestFor) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        var next = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        var answer = api.send(requestFor.build(bodies.get(i), i));
                        statuses.merge(answer.status(), 1, Integer::sum);
                        boolean problem = answer.status() < 400 || (answer.error() != null && !answer.error().isBlank()
                                && String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json"));
                        if (!problem || answer.status() >= 500) {
                            wrong.add(answer.status() + " " + answer.raw() + " for " + new String(bodies.get(i),
                                    java.nio.charset.StandardCharsets.UTF_8).substring(0, Math.min(200, bodies.get(i).length)));
                        }
                    }
                });
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(bodies.size());
        return statuses;
    }

    private static String sign(byte[] body, String secret) {
        try {
            return com.stripe.net.Webhook.Signature.generateSignatureHeader(
                    new String(body, java.nio.charset.StandardCharsets.UTF_8), secret, Instant.now().getEpochSecond());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
