package dev.seatbooking.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shortcuts of a claim on a sold-out flight (the memory of full flights, the cache of verified
 * tokens, the refusal before the filter chain) change no answer. The hostile-input corpus, the
 * authentication and authorization cases, keyed replays and requests of other shapes go to five
 * instances, with each shortcut on and off, against one sold-out flight; every instance gives every
 * case the same status, error code, body and headers. Before each case the instance is
 * refused once more, so that its memory of the flight is fresh when the case arrives.
 */
class FastPathDifferentialTests extends IntegrationTest {

    private static final long SEED = 20261201L;

    /** A case: the request to send to the instance on this port. */
    private record Case(String name, Function<Integer, HttpRequest.Builder> request) {
    }

    @Test
    void everyAnswerIsTheSameWithEachShortcutOnAndOff() {
        String soldOut = api.createFlight(1);
        String otherSoldOut = api.createFlight(1);
        api.claim(TestApi.newUserId(), otherSoldOut, 1);
        String winner = TestApi.newUserId();
        String winnerClaim = TestApi.claimBody(winner, soldOut, 1, TestApi.HOLD_ONLY);
        assertThat(api.postAs(TestApi.userToken(winner), "/v1/bookings", "winner-key", winnerClaim).status()).isEqualTo(201);
        List<Case> cases = new ArrayList<>();
        cases.addAll(corpus(soldOut));
        cases.addAll(authentication(soldOut));
        cases.addAll(replays(soldOut, winner, winnerClaim));
        cases.add(new Case("the winner's key for a claim on another full flight", port -> claim(port,
                "Bearer " + TestApi.userToken(winner), "winner-key",
                TestApi.claimBody(winner, otherSoldOut, 1, TestApi.HOLD_ONLY).getBytes(), "application/json")));
        // A claim under this key took seats and still runs (its marker, started later than now).
        String runner = TestApi.newUserId();
        redis.opsForValue().set(markerKey(runner, "running-key", soldOut),
                "running-token:" + (System.currentTimeMillis() + Duration.ofMinutes(10).toMillis()), Duration.ofMinutes(10));
        cases.add(new Case("a retry while the claim it repeats runs", port -> claim(port,
                "Bearer " + TestApi.userToken(runner), "running-key",
                TestApi.claimBody(runner, soldOut, 1, TestApi.HOLD_ONLY).getBytes(), "application/json")));

        cases.addAll(requestShapes(soldOut));

        Map<String, Map<String, String>> answers = new LinkedHashMap<>();
        try (var allOff = instance("0", "0", false); var memoryOnly = instance("1s", "0", false);
                var cacheOnly = instance("0", "10000", false); var memoryAndEarly = instance("1s", "0", true);
                var allOn = instance("1s", "10000", true)) {
            for (var instance : List.of(allOff, memoryOnly, cacheOnly, memoryAndEarly, allOn)) {
                Map<String, String> byCase = new LinkedHashMap<>();
                int port = portOf(instance);
                for (var c : cases) {
                    refuseOnce(port, soldOut);
                    refuseOnce(port, otherSoldOut);
                    byCase.put(c.name(), answer(new TestApi(port).sendAnonymously(c.request().apply(port))));
                }
                var environment = instance.getEnvironment();
                answers.put(environment.getProperty("inventory.full-flight-memory") + "/"
                        + environment.getProperty("security.token-cache.size") + "/"
                        + environment.getProperty("booking.early-refusals"), byCase);
            }
            assertThat(refusedFromMemory(memoryOnly)).isGreaterThan(cases.size() / 2);
            assertThat(refusedFromMemory(allOn)).isGreaterThan(cases.size() / 2);
            assertThat(refusedFromMemory(allOff)).isZero();
            assertThat(tokenCacheHits(cacheOnly)).isGreaterThan(cases.size() / 2);
            assertThat(tokenCacheHits(allOn)).isGreaterThan(cases.size() / 2);
            // The refusals before the filter chain: at least those refuseOnce sends, two per case.
            assertThat(refusedEarly(memoryAndEarly)).isGreaterThan(2 * cases.size());
            assertThat(refusedEarly(allOn)).isGreaterThan(2 * cases.size());
            assertThat(refusedEarly(memoryOnly)).isZero();
        }

        var baseline = answers.get("0/0/false");
        assertThat(baseline.values().stream().map(a -> a.substring(0, a.indexOf('|'))))
                .contains("201 ", "401 UNAUTHORIZED", "403 USER_MISMATCH", "409 NO_SEATS", "409 REQUEST_IN_PROGRESS",
                        "422 IDEMPOTENCY_KEY_REUSED", "400 MALFORMED_REQUEST", "422 VALIDATION_FAILED");
        answers.forEach((shortcuts, byCase) -> {
            var differing = byCase.entrySet().stream().filter(e -> !e.getValue().equals(baseline.get(e.getKey())))
                    .map(e -> e.getKey() + ":\n  " + baseline.get(e.getKey()) + "\n  " + e.getValue()).toList();
            assertThat(differing).as("answers with memory/cache/early " + shortcuts + " unlike those with none").isEmpty();
        });
        assertThat(redisCounts(soldOut)).as("capacity, sold, held").containsExactly(1, 0, 1);
    }

    /**
     * An answer as a client sees it: status, error code, body and headers, but for those that
     * differ between any two answers (the date, the framing of the body).
     */
    private static String answer(TestApi.Response response) {
        var headers = new TreeMap<String, List<String>>();
        response.headers().forEach((name, values) -> {
            if (!List.of("date", "content-length", "transfer-encoding", "connection", "keep-alive")
                    .contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        // The instances listen on different ports, which the 401's resource metadata names, and a
        // token made for each expired at another moment, which its error description names.
        return (response.status() + " " + (response.status() >= 400 ? response.error() : "") + "|" + response.raw()
                + "|" + headers).replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:port")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "(time)");
    }

    /** A claim on the sold-out flight as the early refusal takes it, and others of a shape it leaves to the chain. */
    private static List<Case> requestShapes(String soldOut) {
        String user = TestApi.newUserId();
        String authorization = "Bearer " + TestApi.userToken(user);
        byte[] body = TestApi.claimBody(user, soldOut, 1, TestApi.HOLD_ONLY).getBytes();
        Map<String, Function<Integer, HttpRequest.Builder>> shapes = new LinkedHashMap<>();
        shapes.put("a claim", port -> claim(port, authorization, null, body, "application/json"));
        shapes.put("a claim accepting only HTML", port -> claim(port, authorization, null, body, "application/json")
                .header("Accept", "text/html"));
        shapes.put("a claim with an Accept header that does not parse", port -> claim(port, authorization, null, body,
                "application/json").header("Accept", "@@"));
        shapes.put("a claim with a charset", port -> claim(port, authorization, null, body,
                "application/json; charset=utf-8"));
        shapes.put("a claim with a query", port -> claim(port, authorization, null, body, "application/json")
                .uri(URI.create("http://127.0.0.1:" + port + "/v1/bookings?flightIdentifier=XX")));
        shapes.put("a claim with a trailing slash", port -> claim(port, authorization, null, body, "application/json")
                .uri(URI.create("http://127.0.0.1:" + port + "/v1/bookings/")));
        shapes.put("a claim with a path parameter", port -> claim(port, authorization, null, body, "application/json")
                .uri(URI.create("http://127.0.0.1:" + port + "/v1/bookings;x=1")));
        shapes.put("a claim put", port -> claim(port, authorization, null, body, "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        shapes.put("a claim with two tokens", port -> claim(port, authorization, null, body, "application/json")
                .header("Authorization", "Bearer " + TestApi.userToken(TestApi.newUserId())));
        shapes.put("a claim with a trace context", port -> claim(port, authorization, null, body, "application/json")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        shapes.put("a claim with an empty key", port -> claim(port, authorization, "", body, "application/json"));
        shapes.put("a claim with a long key", port -> claim(port, authorization, "k".repeat(300), body, "application/json"));
        // One key of 401 characters to Spring MVC, which joins them with a comma: too long.
        shapes.put("a claim with two keys", port -> claim(port, authorization, "a".repeat(200), body, "application/json")
                .header("Idempotency-Key", "b".repeat(200)));
        shapes.put("a claim with trailing content", port -> claim(port, authorization, null,
                (new String(body) + " {}").getBytes(), "application/json"));
        shapes.put("a claim naming no user, two seats", port -> claim(port, authorization, null,
                ("{\"flightIdentifier\":\"" + soldOut + "\",\"seats\":2}").getBytes(), "application/json"));
        List<Case> cases = new ArrayList<>();
        shapes.forEach((name, request) -> cases.add(new Case(name, request)));
        return cases;
    }

    /** Hostile bodies for the sold-out flight, half of them under an Idempotency-Key. */
    private static List<Case> corpus(String soldOut) {
        String user = "fuzz-" + TestApi.newUserId();
        String token = TestApi.userToken(user);
        List<String> seeds = List.of(
                "{\"userId\":\"" + user + "\",\"flightIdentifier\":\"" + soldOut + "\",\"seats\":1}",
                "{\"flightIdentifier\":\"" + soldOut + "\",\"seats\":2,\"paymentMethod\":\"pm_sim_never\"}",
                "{\"userId\":\"" + user + "\",\"flightIds\":[\"" + soldOut + "\"],\"seats\":1,\"paymentMethod\":\"pm_sim_never\"}");
        var bodies = InputCorpus.bodies(SEED, 300, seeds);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = bodies.get(i);
            String key = i % 2 == 0 ? "diff-" + i : null;
            String contentType = i % 10 == 0 ? "text/plain" : "application/json";
            cases.add(new Case("corpus " + i, port -> claim(port, "Bearer " + token, key, body, contentType)));
        }
        return cases;
    }

    private static List<Case> authentication(String soldOut) {
        String user = TestApi.newUserId();
        String token = TestApi.userToken(user);
        byte[] body = TestApi.claimBody(user, soldOut, 1, TestApi.HOLD_ONLY).getBytes();
        String[] parts = token.split("\\.");
        String otherPayload = TestApi.userToken(TestApi.newUserId()).split("\\.")[1];
        // Made as each case is sent: the cases run for minutes, and a token's age is part of some.
        Map<String, Supplier<String>> authorizations = new LinkedHashMap<>();
        authorizations.put("no token", () -> null);
        authorizations.put("the user's token", () -> "Bearer " + token);
        authorizations.put("the same token again", () -> "Bearer " + token);
        authorizations.put("a lower-case scheme", () -> "bearer " + token);
        authorizations.put("Basic", () -> "Basic dXNlcjpwYXNz");
        authorizations.put("junk", () -> "Bearer not.a.token");
        authorizations.put("an empty token", () -> "Bearer ");
        authorizations.put("a tampered signature", () -> "Bearer " + parts[0] + "." + parts[1] + "." + flip(parts[2]));
        authorizations.put("another user's claims under this signature",
                () -> "Bearer " + parts[0] + "." + otherPayload + "." + parts[2]);
        authorizations.put("no signature", () -> "Bearer " + parts[0] + "." + parts[1] + ".");
        authorizations.put("expired 2 minutes ago", () -> "Bearer " + TestApi.token(user, List.of(), Duration.ofMinutes(-2)));
        authorizations.put("expired 20 s ago, within the clock skew allowed",
                () -> "Bearer " + TestApi.token(user, List.of(), Duration.ofSeconds(-20)));
        authorizations.put("another user's token", () -> "Bearer " + TestApi.userToken(TestApi.newUserId()));
        authorizations.put("an admin's token",
                () -> "Bearer " + TestApi.token("some-admin", List.of("admin"), Duration.ofHours(1)));
        List<Case> cases = new ArrayList<>();
        authorizations.forEach((name, authorization) -> {
            cases.add(new Case(name, port -> claim(port, authorization.get(), null, body, "application/json")));
            cases.add(new Case(name + ", keyed", port -> claim(port, authorization.get(), "auth-" + name.hashCode(), body,
                    "application/json")));
        });
        return cases;
    }

    private static List<Case> replays(String soldOut, String winner, String winnerClaim) {
        String winnerToken = "Bearer " + TestApi.userToken(winner);
        String stranger = TestApi.newUserId();
        return List.of(
                new Case("the winner's retry", port -> claim(port, winnerToken, "winner-key", winnerClaim.getBytes(),
                        "application/json")),
                new Case("the winner's retry, fields reordered", port -> claim(port, winnerToken, "winner-key",
                        ("{\"seats\":1, \"paymentMethod\":\"" + TestApi.HOLD_ONLY + "\",\"flightIdentifier\":\"" + soldOut
                                + "\",\"userId\":\"" + winner + "\"}").getBytes(), "application/json")),
                new Case("the winner's key for another request", port -> claim(port, winnerToken, "winner-key",
                        TestApi.claimBody(winner, soldOut, 2, TestApi.HOLD_ONLY).getBytes(), "application/json")),
                new Case("the winner with a new key", port -> claim(port, winnerToken, "winner-key-2",
                        winnerClaim.getBytes(), "application/json")),
                new Case("another user with the winner's key", port -> claim(port,
                        "Bearer " + TestApi.userToken(stranger), "winner-key",
                        TestApi.claimBody(stranger, soldOut, 1, TestApi.HOLD_ONLY).getBytes(), "application/json")));
    }

    private static HttpRequest.Builder claim(int port, String authorization, String key, byte[] body, String contentType) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bookings"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request;
    }

    private static void refuseOnce(int port, String soldOut) {
        assertThat(new TestApi(port).claim(TestApi.newUserId(), soldOut, 1).error()).isEqualTo("NO_SEATS");
    }

    private static String markerKey(String caller, String key, String flightId) {
        return dev.seatbooking.idempotency.IdempotencyKeysForTests.markerKey(caller, key, flightId);
    }

    private static String flip(String signature) {
        char last = signature.charAt(signature.length() / 2);
        return signature.substring(0, signature.length() / 2) + (last == 'A' ? 'B' : 'A')
                + signature.substring(signature.length() / 2 + 1);
    }

    private ConfigurableApplicationContext instance(String memory, String tokenCache, boolean early) {
        return startAnotherInstance("--inventory.full-flight-memory=" + memory, "--security.token-cache.size=" + tokenCache,
                "--booking.early-refusals=" + early);
    }

    private static double refusedEarly(ConfigurableApplicationContext instance) {
        var counter = instance.getBean(MeterRegistry.class).find("booking.claims.refused_early").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double refusedFromMemory(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class).get("inventory.claims.refused_from_memory").counter().count();
    }

    private static double tokenCacheHits(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class).get("cache.gets").tag("cache", "verified_tokens").tag("result", "hit")
                .functionCounter().count();
    }
}
