package dev.seatbooking;

import com.stripe.net.Webhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the running service over real HTTP, as a client would. Claims go with a token of the
 * claiming user; every other call with an admin's token (admins see every booking), unless sent
 * with {@link #sendAnonymously}. Tokens are signed with the dev-mode key the tests configure.
 */
public final class TestApi {

    /** The dev-mode token key of the tests (security.dev-tokens.secret, set by IntegrationTest). */
    public static final String TOKEN_SECRET = "test-token-secret-0123456789abcdef0123456789";
    private static final JwtEncoder TOKENS =
            NimbusJwtEncoder.withSecretKey(new SecretKeySpec(
                    TOKEN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .algorithm(MacAlgorithm.HS256).build();
    private static final String ADMIN = token("ops-admin", List.of("admin"), Duration.ofHours(1));
    /** The in-process simulator's API key in the tests (simulator.api-key, set by IntegrationTest). */
    public static final String PSP_KEY = "sk_test_sim_key_of_the_tests";

    public record Response(int status, JsonNode body, String raw, Map<String, List<String>> headers) {

        public String error() {
            return body.path("error").asString();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;

    public TestApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A flight id no other test uses: tests share one Redis and one database. */
    public static String newFlightId() {
        return "T" + randomText(9);
    }

    public static String newUserId() {
        return "user-" + randomText(10).toLowerCase();
    }

    public static String randomText(int length) {
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** A departure two months ahead, as flights are sold (one more than two years ahead is refused). */
    public static String departure() {
        return Instant.now().plus(Duration.ofDays(60)).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    public String createFlight(int capacity) {
        return createFlight(capacity, "EUR");
    }

    public String createFlight(int capacity, String currency) {
        return createFlight(newFlightId(), capacity, currency);
    }

    public String createFlight(String id, int capacity, String currency) {
        var response = post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":%d,"price":120.50,"currency":"%s"}""".formatted(id, departure(), capacity, currency));
        if (response.status() != 201) {
            throw new IllegalStateException("Could not create flight: " + response.raw());
        }
        return id;
    }

    public Response claim(String userId, String flightId, int seats) {
        return claim(userId, flightId, seats, null);
    }

    /**
     * A claim whose payment never ends ({@code pm_sim_never}), so the booking stays PENDING with its
     * hold: what the hold-engine tests look at.
     */
    public Response claim(String userId, String flightId, int seats, String idempotencyKey) {
        return claimPaying(userId, flightId, seats, HOLD_ONLY, idempotencyKey);
    }

    public static final String HOLD_ONLY = "pm_sim_never";

    /** The {@code Stripe-Signature} header the PSP sends with this payload, signed at the given second. */
    public static String webhookSignature(String payload, String secret, long epochSecond) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, epochSecond);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code Stripe-Signature} header the PSP sends with this payload, signed now. */
    public static String webhookSignature(String payload, String secret) {
        return webhookSignature(payload, secret, Instant.now().getEpochSecond());
    }

    public Response claimPaying(String userId, String flightId, int seats, String paymentMethod, String idempotencyKey) {
        return postAs(userToken(userId), "/v1/bookings", idempotencyKey, claimBody(userId, flightId, seats, paymentMethod));
    }

    /** A token of the dev issuer for this user, valid for an hour. */
    public static String userToken(String userId) {
        return token(userId, List.of(), Duration.ofHours(1));
    }

    public static String token(String userId, List<String> roles, Duration lifetime) {
        var now = Instant.now();
        var claims = JwtClaimsSet.builder().issuer("seat-booking-dev")
                .subject(userId).issuedAt(now.minus(Duration.ofHours(2))).expiresAt(now.plus(lifetime))
                .claim("roles", roles).build();
        var header = JwsHeader
                .with(MacAlgorithm.HS256).build();
        return TOKENS.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    public static String claimBody(String userId, String flightId, int seats, String paymentMethod) {
        return "{\"userId\":\"%s\",\"flightIdentifier\":\"%s\",\"seats\":%d,\"paymentMethod\":\"%s\"}"
                .formatted(userId, flightId, seats, paymentMethod);
    }

    public Response claimLegs(String userId, List<String> flightIds, int seats) {
        var ids = String.join("\",\"", flightIds);
        return postAs(userToken(userId), "/v1/bookings", null, "{\"userId\":\"%s\",\"flightIds\":[\"%s\"],\"seats\":%d,\"paymentMethod\":\"%s\"}"
                .formatted(userId, ids, seats, HOLD_ONLY));
    }

    /**
     * A Stripe event about a PaymentIntent that names a booking, as the PSP would send it (unsigned):
     * {@code payment_intent.succeeded}, {@code payment_intent.amount_capturable_updated} (an
     * authorization) or {@code payment_intent.payment_failed}, for the amount (in
     * the currency's smallest unit) and currency given.
     */
    public static String paymentEvent(String type, String eventId, String intentId, String bookingId, long amount,
            String currency) {
        String status = switch (type) {
            case "payment_intent.succeeded" -> "succeeded";
            case "payment_intent.amount_capturable_updated" -> "requires_capture";
            default -> "requires_payment_method";
        };
        String metadata = bookingId == null ? "{}" : "{\"bookingId\":\"" + bookingId + "\"}";
        return """
                {"id":"%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,"livemode":false,
                 "pending_webhooks":1,"request":{},"type":"%s",
                 "data":{"object":{"id":"%s","object":"payment_intent","amount":%d,"amount_capturable":%d,
                 "currency":"%s","status":"%s","metadata":%s}}}"""
                .formatted(eventId, Instant.now().getEpochSecond(), type, intentId, amount,
                        status.equals("requires_capture") ? amount : 0, currency, status, metadata);
    }

    public JsonNode flight(String flightId) {
        var response = get("/v1/flights/" + flightId);
        if (response.status() != 200) {
            throw new IllegalStateException("Could not read flight: " + response.raw());
        }
        return response.body();
    }

    public Response post(String path, String idempotencyKey, String body) {
        return postAs(ADMIN, path, idempotencyKey, body);
    }

    public Response postAs(String token, String path, String idempotencyKey, String body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    public Response getAs(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET());
    }

    public Response deleteAs(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).DELETE());
    }

    /** The simulator's books ({@code GET /psp/ledger}), read with its key. */
    public JsonNode ledger() {
        var response = getAs(PSP_KEY, "/psp/ledger");
        if (response.status() != 200) {
            throw new IllegalStateException("Could not read the simulator's ledger: " + response.raw());
        }
        return response.body();
    }

    /** The simulator's record of one intent, as its ledger shows it. */
    public JsonNode intentAtPsp(String intentId) {
        for (var intent : ledger().path("intents")) {
            if (intentId.equals(intent.path("id").asString())) {
                return intent;
            }
        }
        throw new IllegalStateException("The simulator has no intent " + intentId);
    }

    /**
     * A payment made at the simulator by whoever holds {@code key} (none: no Authorization header),
     * with the card that succeeds, naming the booking in its metadata, as a stranger could.
     */
    public Response payAtPsp(String key, String bookingId, long amount, String currency) {
        String form = "amount=" + amount + "&currency=" + currency + "&payment_method=pm_card_visa&confirm=true&"
                + URLEncoder.encode("metadata[bookingId]", StandardCharsets.UTF_8) + "=" + bookingId;
        var request = HttpRequest.newBuilder(URI.create(base + "/psp/v1/payment_intents"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return sendAnonymously(request);
    }

    /** A call to the simulator's API with its key, such as {@code /psp/outage?failNext=2}. */
    public Response pspPost(String path) {
        return postAs(PSP_KEY, path, null, "");
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** Sends the request; one without an Authorization header goes with an admin's token. */
    public Response send(HttpRequest.Builder request) {
        var built = request.timeout(Duration.ofSeconds(30)).build();
        if (built.headers().firstValue("Authorization").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", "Bearer " + ADMIN).build();
        }
        return exchange(built);
    }

    /** Sends the request as it is: without a token unless it carries one. */
    public Response sendAnonymously(HttpRequest.Builder request) {
        return exchange(request.timeout(Duration.ofSeconds(30)).build());
    }

    private static Response exchange(HttpRequest request) {
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.missingNode() : parse(response.body());
            return new Response(response.statusCode(), body, response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }
}
