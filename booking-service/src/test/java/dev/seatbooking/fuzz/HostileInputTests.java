package dev.seatbooking.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

    /**
     * Every byte 0x00-0xFF in the middle of every header the API reads, sent raw: a claim on a
     * sold-out flight (so a request that is fine is still refused, 409) and a webhook. Every answer
     * is a 4xx problem detail with an error code; nothing moves.
     */
    @Test
    void everyByteInEveryHeaderTheApiReadsGetsAProblemDetail() {
        String soldOut = api.createFlight(1);
        String bystander = api.createFlight(10);
        api.claim(TestApi.newUserId(), soldOut, 1);
        String user = TestApi.newUserId();
        String token = TestApi.userToken(user);
        byte[] claim = RawHttp.ascii(TestApi.claimBody(user, soldOut, 1, TestApi.HOLD_ONLY));
        byte[] event = RawHttp.ascii(TestApi.paymentEvent("payment_intent.succeeded", "evt_raw", "pi_raw", "BKRAW", 100, "eur"));
        String signature = "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64);
        String[][] headers = {
                {"Host", "127.0.0.1"}, {"Authorization", "Bearer " + token}, {"Content-Type", "application/json"},
                {"Accept", "application/json"}, {"Idempotency-Key", "raw-key"}, {"traceparent",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}, {"Stripe-Signature", signature}};
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (int varied = 0; varied < headers.length; varied++) {
            boolean webhook = headers[varied][0].equals("Stripe-Signature");
            for (int b = 0; b <= 0xFF; b++) {
                List<byte[]> lines = new ArrayList<>();
                for (int h = 0; h < headers.length; h++) {
                    if (webhook && headers[h][0].equals("Authorization") || !webhook && headers[h][0].equals("Stripe-Signature")) {
                        continue;
                    }
                    String value = headers[h][1];
                    lines.add(h != varied ? RawHttp.ascii(headers[h][0] + ": " + value)
                            : RawHttp.with(headers[h][0] + ": " + value.substring(0, value.length() / 2), b,
                                    value.substring(value.length() / 2)));
                }
                var answer = RawHttp.send(port, RawHttp.request(
                        RawHttp.ascii(webhook ? "POST /v1/payments/webhook HTTP/1.1" : "POST /v1/bookings HTTP/1.1"),
                        lines.toArray(byte[][]::new), webhook ? event : claim));
                sent++;
                if (!isClientProblem(answer)) {
                    wrong.add("%s with byte 0x%02X: %d %s %s".formatted(headers[varied][0], b, answer.status(),
                            answer.contentType(), answer.body()));
                }
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(sent).isEqualTo(7 * 256);
        assertThat(redisCounts(soldOut)).containsExactly(1, 0, 1);
        assertThat(seatsInStatus(soldOut, "PENDING")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM booking WHERE user_id = :user").param("user", user)
                .query(Integer.class).single()).isZero();
        assertThat(redisCounts(bystander)).containsExactly(10, 0, 0);
    }

    /** "ключ" in UTF-8 holds bytes 0x80-0x9F, which once made Spring's firewall answer 500. */
    @Test
    void aNonAsciiIdempotencyKeyIsAValidationFailure() {
        String flightId = api.createFlight(3);
        String user = TestApi.newUserId();
        var key = new ByteArrayOutputStream();
        key.writeBytes(RawHttp.ascii("Idempotency-Key: "));
        key.writeBytes("ключ".getBytes(StandardCharsets.UTF_8));

        var answer = RawHttp.send(port, RawHttp.request(RawHttp.ascii("POST /v1/bookings HTTP/1.1"), new byte[][] {
                RawHttp.ascii("Host: 127.0.0.1"), RawHttp.ascii("Authorization: Bearer " + TestApi.userToken(user)),
                RawHttp.ascii("Content-Type: application/json"), key.toByteArray()},
                RawHttp.ascii(TestApi.claimBody(user, flightId, 1, TestApi.HOLD_ONLY))));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(parse(answer.body()).path("error").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(redisCounts(flightId)).containsExactly(3, 0, 0);
    }

    /**
     * Odd paths and query strings, and every byte in a path and in a query: a 2xx (a read that is
     * fine), else a 4xx problem detail; never a 5xx, an HTML page or an empty answer.
     */
    @Test
    void oddPathsAndQueryStringsGetAProblemDetailOrAnAnswer() {
        String flightId = api.createFlight(10);
        List<byte[]> targets = new ArrayList<>();
        for (String odd : new String[] {"/v1/flights/" + flightId + ";x=1", "//v1/flights/" + flightId,
                "/v1//flights/" + flightId, "/v1/flights/%2e%2e/x", "/v1/flights/..", "/v1/flights/%25",
                "/v1/flights/%2F", "/v1/flights/%5C", "/v1/flights/a%00b", "/v1/flights/%ZZ", "/v1/flights/%C0%AF",
                "/v1/flights/..;/x", "/%0a", "/v1/bookings/%2e%2e", "/v1/bookings/BK" + "A".repeat(5000),
                "/v1/flights/" + flightId + "?%ZZ", "/v1/flights/" + flightId + "?a=%00",
                "/v1/flights/" + flightId + "?a[]=1&a[]=2", "/v1/flights/" + flightId + "?;",
                "/v1/flights/" + flightId + "?x=" + "y".repeat(10_000), "*", "http://elsewhere/v1/flights/" + flightId}) {
            targets.add(RawHttp.ascii(odd));
        }
        for (int b = 0; b <= 0xFF; b++) {
            targets.add(RawHttp.with("/v1/flights/F", b, "X"));
            targets.add(RawHttp.with("/v1/flights/" + flightId + "?q=", b, "x"));
        }
        List<String> wrong = new ArrayList<>();
        for (byte[] target : targets) {
            for (String method : new String[] {"GET", "DELETE"}) {
                var line = new ByteArrayOutputStream();
                line.writeBytes(RawHttp.ascii(method + " "));
                line.writeBytes(target);
                line.writeBytes(RawHttp.ascii(" HTTP/1.1"));
                var answer = RawHttp.send(port, RawHttp.request(line.toByteArray(),
                        new byte[][] {RawHttp.ascii("Host: 127.0.0.1")}, new byte[0]));
                // An HTTP/0.9 answer (no status line) to a read that is fine is the flight itself.
                boolean read = method.equals("GET") && (answer.status() >= 200 && answer.status() < 300
                        || answer.status() == 0 && parse(answer.body()).path("flightId").asString("").equals(flightId));
                if (!read && !isClientProblem(answer)) {
                    wrong.add("%s %s: %d %s %s".formatted(method, new String(target, StandardCharsets.ISO_8859_1)
                            .substring(0, Math.min(60, target.length)), answer.status(), answer.contentType(), answer.body()));
                }
            }
        }

        // Methods, versions and framing the server does not take, and the error page asked for by name.
        for (String request : new String[] {"TRACE /v1/flights/" + flightId + " HTTP/1.1", "GET /v1/flights/X HTTP/2.0",
                "GET /v1/flights/X HTTP/1.2", "CONNECT 127.0.0.1:80 HTTP/1.1", "BREW /v1/flights/X HTTP/1.1",
                "GET /error HTTP/1.1", "POST /error HTTP/1.1", "DELETE /error HTTP/1.1"}) {
            var answer = RawHttp.send(port, RawHttp.request(RawHttp.ascii(request),
                    new byte[][] {RawHttp.ascii("Host: 127.0.0.1"), RawHttp.ascii("Accept: text/html")}, new byte[0]));
            if (!isClientProblem(answer)) {
                wrong.add("%s: %d %s %s".formatted(request, answer.status(), answer.contentType(), answer.body()));
            }
        }
        for (String coding : new String[] {"foo", "gzip, chunked", "chunked, chunked"}) {
            var answer = RawHttp.send(port, RawHttp.ascii("POST /v1/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Transfer-Encoding: " + coding + "\r\nConnection: close\r\n\r\n0\r\n\r\n"));
            if (!isClientProblem(answer)) {
                wrong.add("Transfer-Encoding %s: %d %s %s".formatted(coding, answer.status(), answer.contentType(),
                        answer.body()));
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(redisCounts(flightId)).containsExactly(10, 0, 0);
    }

    /**
     * A 4xx problem detail with an error code. An answer without a status line (a request line with
     * a raw line break reads as HTTP/0.9, which answers with the body alone) must be one in its body.
     */
    private static boolean isClientProblem(RawHttp.Answer answer) {
        var body = parse(answer.body());
        int status = answer.status() != 0 ? answer.status() : body.path("status").asInt();
        boolean problemType = answer.status() == 0 || answer.contentType().startsWith("application/problem+json");
        return status >= 400 && status < 500 && problemType && !body.path("error").asString("").isBlank()
                && body.path("status").asInt() == status;
    }

    private static JsonNode parse(String body) {
        try {
            return JsonMapper.builder().build().readTree(body);
        } catch (RuntimeException e) {
            return JsonMapper.builder().build().missingNode();
        }
    }

    interface RequestFor {
        HttpRequest.Builder build(byte[] body, int index);
    }

    /** Sends every body (8 at a time); answers how many answers had each status, after checking each 4xx is a problem. */
    private Map<Integer, Integer> send(List<byte[]> bodies, RequestFor requestFor) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
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
                                    StandardCharsets.UTF_8).substring(0, Math.min(200, bodies.get(i).length)));
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
        return TestApi.webhookSignature(new String(body, StandardCharsets.UTF_8), secret);
    }
}
