package dev.seatbooking.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The pages carry a Content-Security-Policy; the API stays stateless: no answer of /v1 sets a
 * cookie, whatever it is asked (the pages keep the token in the tab, not in a cookie).
 */
class PageHeadersTests extends IntegrationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/index.html", "/flight.html", "/booking.html", "/bookings.html", "/signin.html",
            "/console/", "/console/flight.html", "/console/booking.html", "/console/outbox.html", "/assets/app.js"})
    void everyPageHasAContentSecurityPolicyAndNoCookie(String path) {
        var page = api.sendAnonymously(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isEqualTo(PageHeaders.POLICY).contains("script-src 'self'");
        assertThat(page.headers()).doesNotContainKey("set-cookie");
    }

    @Test
    void theApiNeverSetsACookie() {
        String user = TestApi.newUserId();
        String flightId = api.createFlight(3);
        String bookingId = api.claim(user, flightId, 1).body().path("bookingId").asString();
        var answers = List.of(
                api.get("/v1/flights"), api.get("/v1/flights/" + flightId), api.getAs(TestApi.userToken(user), "/v1/bookings"),
                api.getAs(TestApi.userToken(user), "/v1/bookings/" + bookingId), api.claim(user, flightId, 5),
                api.get("/v1/admin/outbox"), api.getAs(TestApi.userToken(user), "/v1/admin/outbox"),
                api.sendAnonymously(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bookings")).GET()),
                api.deleteAs(TestApi.userToken(user), "/v1/bookings/" + bookingId));

        assertThat(answers).extracting(TestApi.Response::status).containsExactly(200, 200, 200, 200, 409, 200, 403, 401, 200);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.headers()).doesNotContainKey("set-cookie");
            assertThat(answer.headers()).doesNotContainKey("content-security-policy");
        });
    }

    @Test
    void thePagesAreToldHowToSignIn() {
        var config = api.sendAnonymously(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ui/config")).GET());

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().path("devTokens").asBoolean()).isTrue();
        assertThat(config.body().path("paymentMethods").get(0).path("id").asString()).isEqualTo("pm_card_visa");
    }
}
