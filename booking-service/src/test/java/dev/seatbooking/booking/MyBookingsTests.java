package dev.seatbooking.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /v1/bookings: the caller's own bookings, newest first, paged; nobody else's, not even an admin's view. */
class MyBookingsTests extends IntegrationTest {

    @Test
    void listsTheCallersOwnBookingsNewestFirst() {
        String flightId = api.createFlight(10);
        String user = TestApi.newUserId();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(api.claim(user, flightId, 1).body().path("bookingId").asString());
        }
        api.claim(TestApi.newUserId(), flightId, 1); // someone else's

        var first = api.getAs(TestApi.userToken(user), "/v1/bookings?size=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(ids(first.body())).containsExactly(made.get(2), made.get(1));
        assertThat(first.body().path("totalBookings").asLong()).isEqualTo(3);
        JsonNode newest = first.body().path("bookings").get(0);
        assertThat(newest.path("status").asString()).isEqualTo("PENDING");
        assertThat(newest.path("legs").get(0).path("flightId").asString()).isEqualTo(flightId);
        assertThat(newest.path("userId").asString()).isEqualTo(user);

        var second = api.getAs(TestApi.userToken(user), "/v1/bookings?size=2&page=1");
        assertThat(ids(second.body())).containsExactly(made.get(0));

        var stranger = api.getAs(TestApi.userToken(TestApi.newUserId()), "/v1/bookings");
        assertThat(ids(stranger.body())).isEmpty();
        assertThat(stranger.body().path("totalBookings").asLong()).isZero();
    }

    @Test
    void needsATokenAndSaneParameters() {
        var anonymous = api.sendAnonymously(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bookings")).GET());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.error()).isEqualTo("UNAUTHORIZED");

        var tooLarge = api.getAs(TestApi.userToken(TestApi.newUserId()), "/v1/bookings?size=1000");
        assertThat(tooLarge.status()).isEqualTo(422);
        assertThat(tooLarge.error()).isEqualTo("VALIDATION_FAILED");
        assertThat(tooLarge.body().path("errors").get(0).path("field").asString()).isEqualTo("size");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("bookings").forEach(b -> ids.add(b.path("bookingId").asString()));
        return ids;
    }
}
