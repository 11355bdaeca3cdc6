package dev.seatbooking.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Who may do what: tokens are required, customers reach only their own bookings, admins the rest. */
class AccessTests extends IntegrationTest {

    @Test
    void withoutAValidTokenNothingIsBookedOrRead() {
        String flightId = api.createFlight(5);
        String body = "{\"flightIdentifier\":\"" + flightId + "\",\"seats\":1}";
        String expired = TestApi.token("user-expired", List.of(), Duration.ofMinutes(-10));
        String forged = TestApi.userToken("user-forged");
        int signature = forged.lastIndexOf('.') + 1;
        // One character of the signature changed (to another character, whatever it was).
        forged = forged.substring(0, signature) + (forged.charAt(signature) == 'A' ? "B" : "A") + forged.substring(signature + 1);
        String otherKey = NimbusJwtEncoder.withSecretKey(
                        new SecretKeySpec("another-key-another-key-another-key!!".getBytes(), "HmacSHA256"))
                .algorithm(MacAlgorithm.HS256).build()
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(
                                MacAlgorithm.HS256).build(),
                        JwtClaimsSet.builder().issuer("seat-booking-dev")
                                .subject("user-other-key").expiresAt(Instant.now().plusSeconds(600)).build()))
                .getTokenValue();

        var anonymous = api.sendAnonymously(claimRequest(body));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.error()).isEqualTo("UNAUTHORIZED");
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        for (String token : List.of(expired, forged, otherKey, "not-a-jwt")) {
            var refused = api.postAs(token, "/v1/bookings", null, body);
            assertThat(refused.status()).as(token).isEqualTo(401);
            assertThat(refused.error()).isEqualTo("UNAUTHORIZED");
            assertThat(refused.raw()).doesNotContain("expired", "signature", "Exception");
        }
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
        var health = api.sendAnonymously(HttpRequest.newBuilder(uri("/actuator/health")));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asString()).isEqualTo("UP");
        assertThat(health.body().path("components").isMissingNode()).as("components only for admins").isTrue();
        assertThat(api.get("/actuator/health").body().path("components").path("redis").path("status").asString())
                .isEqualTo("UP");
        assertThat(api.sendAnonymously(HttpRequest.newBuilder(uri("/v1/flights/" + flightId))).status()).isEqualTo(200);
    }

    @Test
    void theUserIsTheTokensAndAnotherUsersBookingIsNotFound() {
        String flightId = api.createFlight(5);
        String owner = TestApi.newUserId();
        String stranger = TestApi.newUserId();
        var claimed = api.postAs(TestApi.userToken(owner), "/v1/bookings", null,
                "{\"flightIdentifier\":\"" + flightId + "\",\"seats\":1,\"paymentMethod\":\"pm_sim_never\"}");
        assertThat(claimed.status()).isEqualTo(201);
        assertThat(claimed.body().path("userId").asString()).isEqualTo(owner);
        String bookingId = claimed.body().path("bookingId").asString();

        var mismatch = api.postAs(TestApi.userToken(stranger), "/v1/bookings", null,
                TestApi.claimBody(owner, flightId, 1, "pm_sim_never"));
        assertThat(mismatch.status()).isEqualTo(403);
        assertThat(mismatch.error()).isEqualTo("USER_MISMATCH");

        String strangers = TestApi.userToken(stranger);
        for (var answer : List.of(api.getAs(strangers, "/v1/bookings/" + bookingId),
                api.getAs(strangers, "/v1/bookings/" + bookingId + "/events"),
                api.deleteAs(strangers, "/v1/bookings/" + bookingId))) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.error()).isEqualTo("BOOKING_NOT_FOUND");
        }
        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
        assertThat(api.getAs(TestApi.userToken(owner), "/v1/bookings/" + bookingId).status()).isEqualTo(200);
        assertThat(api.deleteAs(TestApi.userToken(owner), "/v1/bookings/" + bookingId).body().path("status").asString())
                .isEqualTo("CANCELLED");
    }

    @Test
    void flightsAdminEndpointsAndMetricsNeedTheAdminRole() {
        String customer = TestApi.userToken(TestApi.newUserId());
        var flight = api.postAs(customer, "/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":5,"price":10.00,"currency":"EUR"}""".formatted(TestApi.newFlightId(), TestApi.departure()));
        assertThat(flight.status()).isEqualTo(403);
        assertThat(flight.error()).isEqualTo("FORBIDDEN");
        String flightId = api.createFlight(5);
        assertThat(api.getAs(customer, "/v1/admin/flights/" + flightId + "/inventory").status()).isEqualTo(403);
        assertThat(api.getAs(customer, "/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void devModeIssuesTokensThatWork() {
        var issued = api.sendAnonymously(HttpRequest.newBuilder(uri("/dev/token?userId=user123"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.status()).isEqualTo(200);
        String flightId = api.createFlight(2);
        var claimed = api.postAs(issued.raw(), "/v1/bookings", null, "{\"flightIdentifier\":\"" + flightId + "\",\"seats\":1}");
        assertThat(claimed.status()).isEqualTo(201);
        assertThat(claimed.body().path("userId").asString()).isEqualTo("user123");
    }

    @Test
    void oversizedBodiesAreRefusedUnreadAndAnswersCarrySecureHeaders() {
        String flightId = api.createFlight(5);
        String huge = "{\"flightIdentifier\":\"" + flightId + "\",\"seats\":1,\"pad\":\"" + "x".repeat(100_000) + "\"}";
        var tooLarge = api.postAs(TestApi.userToken(TestApi.newUserId()), "/v1/bookings", null, huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.error()).isEqualTo("PAYLOAD_TOO_LARGE");
        // Without a length (chunked) the body is cut off at the same size.
        var chunked = api.send(HttpRequest.newBuilder(uri("/v1/bookings"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestApi.userToken(TestApi.newUserId()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.status()).isEqualTo(400);
        assertThat(chunked.error()).isEqualTo("MALFORMED_REQUEST");
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);

        var answer = api.get("/v1/flights/" + flightId);
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Cache-Control")).contains("no-store");
    }

    private HttpRequest.Builder claimRequest(String body) {
        return HttpRequest.newBuilder(uri("/v1/bookings")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
