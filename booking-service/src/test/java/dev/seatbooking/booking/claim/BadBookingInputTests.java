package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every client mistake gets its status and stable error code, and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadBookingInputTests extends IntegrationTest {

    private static final String USER = "bad-input-" + TestApi.randomText(6).toLowerCase();
    private String flight;
    private String otherFlight;
    private String dollarFlight;

    @BeforeAll
    void createFlights() {
        connectApiOnce();
        flight = api.createFlight(10);
        otherFlight = api.createFlight(10);
        dollarFlight = api.createFlight(10, "USD");
    }

    Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{\"userId\": ", 400, "MALFORMED_REQUEST"),
                Arguments.of("JSON of the wrong shape", "[1, 2, 3]", 400, "MALFORMED_REQUEST"),
                Arguments.of("seats as a word", body("\"flightIdentifier\":\"%F\",\"seats\":\"two\""), 400, "MALFORMED_REQUEST"),
                Arguments.of("seats as a string", body("\"flightIdentifier\":\"%F\",\"seats\":\"2\""), 400, "MALFORMED_REQUEST"),
                Arguments.of("seats as a fraction", body("\"flightIdentifier\":\"%F\",\"seats\":2.5"), 400, "MALFORMED_REQUEST"),
                Arguments.of("flightIds not a list", body("\"flightIds\":\"%F\",\"seats\":1"), 400, "MALFORMED_REQUEST"),
                Arguments.of("userId with spaces", "{\"userId\":\"a b\",\"flightIdentifier\":\"%F\",\"seats\":1}", 422, "VALIDATION_FAILED"),
                Arguments.of("seats missing", body("\"flightIdentifier\":\"%F\""), 422, "VALIDATION_FAILED"),
                Arguments.of("seats 0", body("\"flightIdentifier\":\"%F\",\"seats\":0"), 422, "VALIDATION_FAILED"),
                Arguments.of("seats 10", body("\"flightIdentifier\":\"%F\",\"seats\":10"), 422, "VALIDATION_FAILED"),
                Arguments.of("seats negative", body("\"flightIdentifier\":\"%F\",\"seats\":-1"), 422, "VALIDATION_FAILED"),
                Arguments.of("neither flight field", body("\"seats\":1"), 422, "VALIDATION_FAILED"),
                Arguments.of("both flight fields", body("\"flightIdentifier\":\"%F\",\"flightIds\":[\"%F\"],\"seats\":1"), 422, "VALIDATION_FAILED"),
                Arguments.of("empty flightIds", body("\"flightIds\":[],\"seats\":1"), 422, "VALIDATION_FAILED"),
                Arguments.of("duplicate flight ids", body("\"flightIds\":[\"%F\",\"%O\",\"%F\"],\"seats\":1"), 422, "VALIDATION_FAILED"),
                Arguments.of("legs in two currencies", body("\"flightIds\":[\"%F\",\"%D\"],\"seats\":1"), 422, "VALIDATION_FAILED"),
                Arguments.of("flight id with braces", body("\"flightIdentifier\":\"{FL101}\",\"seats\":1"), 422, "VALIDATION_FAILED"),
                Arguments.of("unknown flight", body("\"flightIdentifier\":\"NOSUCH9\",\"seats\":1"), 404, "FLIGHT_NOT_FOUND"),
                Arguments.of("unknown leg", body("\"flightIds\":[\"%F\",\"NOSUCH9\"],\"seats\":1"), 404, "FLIGHT_NOT_FOUND"),
                Arguments.of("bad payment method", body("\"flightIdentifier\":\"%F\",\"seats\":1,\"paymentMethod\":\"visa\""), 422, "VALIDATION_FAILED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyGetsItsErrorCodeAndChangesNothing(String name, String body, int status, String error) {
        var response = api.post("/v1/bookings", "key-" + TestApi.randomText(8),
                body.replace("%F", flight).replace("%O", otherFlight).replace("%D", dollarFlight));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.error()).isEqualTo(error);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.raw()).doesNotContain("Exception", "at dev.", "tools.jackson");
        assertNothingChanged();
    }

    @Test
    void overLongIdempotencyKeyIsRefused() {
        var response = api.claim(USER, flight, 1, "k".repeat(256));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error()).isEqualTo("VALIDATION_FAILED");
        assertNothingChanged();
    }

    @Test
    void keyOfTwoHundredFiftyFiveCharactersIsTaken() {
        var response = api.claim(TestApi.newUserId(), api.createFlight(1), 1, "k".repeat(255));
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void unknownBookingIsNotFound() {
        var response = api.get("/v1/bookings/BK" + TestApi.randomText(8));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("BOOKING_NOT_FOUND");
    }

    @Test
    void malformedBookingIdIsRefused() {
        var response = api.get("/v1/bookings/nope");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void bodyThatIsNotJsonTypedIsRefused() {
        var response = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bookings"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.error()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertNothingChanged();
    }

    private static String body(String fields) {
        return "{\"userId\":\"" + USER + "\"," + fields + "}";
    }

    private void assertNothingChanged() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM booking WHERE user_id = :user").param("user", USER)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotency_key WHERE caller = :user").param("user", USER)
                .query(Integer.class).single()).isZero();
        for (String id : new String[] {flight, otherFlight, dollarFlight}) {
            assertThat(redisCounts(id)[2]).as("seats held on " + id).isZero();
        }
    }

    private void connectApiOnce() {
        api = new TestApi(port);
    }
}
