package dev.seatbooking.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlightApiTests extends IntegrationTest {

    @Test
    void demoFlightHasOneHundredSeats() {
        var flight = api.flight("FL101");
        assertThat(flight.path("capacity").asInt()).isEqualTo(100);
        assertThat(flight.path("origin").asString()).isEqualTo("FRA");
    }

    @Test
    void createdFlightIsInTheDatabaseAndInRedis() {
        String id = TestApi.newFlightId();
        String departure = Instant.now().plus(Duration.ofDays(90))
                .truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(615)).toString();
        var created = api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"LHR","destination":"SFO","departureTime":"%s",
                 "capacity":180,"price":450.00,"currency":"GBP"}""".formatted(id, departure));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/flights/" + id);
        assertThat(created.body().path("availableSeats").asInt()).isEqualTo(180);
        assertThat(redisCounts(id)).containsExactly(180, 0, 0);
        var read = api.flight(id);
        assertThat(read.path("flightId").asString()).isEqualTo(id);
        assertThat(read.path("capacity").asInt()).isEqualTo(180);
        assertThat(read.path("seatsSold").asInt()).isZero();
        assertThat(read.path("seatsHeld").asInt()).isZero();
        assertThat(read.path("departureTime").asString()).isEqualTo(departure).endsWith("T10:15:00Z");
        assertThat(read.path("currency").asString()).isEqualTo("GBP");
    }

    @Test
    void availabilityCountsHoldsAtOnce() {
        String id = api.createFlight(10);
        api.claim(TestApi.newUserId(), id, 4);

        var flight = api.flight(id);

        assertThat(flight.path("seatsHeld").asInt()).isEqualTo(4);
        assertThat(flight.path("availableSeats").asInt()).isEqualTo(6);
    }

    @Test
    void takenFlightIdIsRefused() {
        String id = api.createFlight(10);
        var again = api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":5,"price":1.00,"currency":"EUR"}""".formatted(id, TestApi.departure()));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("FLIGHT_EXISTS");
        assertThat(api.flight(id).path("capacity").asInt()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "capacity 0       | \"capacity\":0                    | 422 | VALIDATION_FAILED",
            "capacity huge    | \"capacity\":100000               | 422 | VALIDATION_FAILED",
            "negative price   | \"price\":-1                      | 422 | VALIDATION_FAILED",
            "price in mills   | \"price\":1.005                   | 422 | VALIDATION_FAILED",
            "lower currency   | \"currency\":\"eur\"              | 422 | VALIDATION_FAILED",
            "bad airport      | \"origin\":\"Frankfurt\"          | 422 | VALIDATION_FAILED",
            "bad time         | \"departureTime\":\"tomorrow\"    | 400 | MALFORMED_REQUEST",
            "capacity as text | \"capacity\":\"ten\"              | 400 | MALFORMED_REQUEST",
            "left long ago    | \"departureTime\":\"2020-01-01T00:00:00Z\"          | 422 | VALIDATION_FAILED",
            "years ahead      | \"departureTime\":\"2035-01-01T00:00:00Z\"          | 422 | VALIDATION_FAILED",
            "the last instant | \"departureTime\":\"+999999999-12-31T23:59:59Z\"   | 422 | VALIDATION_FAILED",
            "the first instant| \"departureTime\":\"-999999999-01-01T00:00:00Z\"   | 422 | VALIDATION_FAILED",
            "free             | \"price\":0.00                   | 422 | VALIDATION_FAILED",
            "under the minimum| \"price\":0.49                   | 422 | VALIDATION_FAILED",
            "no PSP minimum   | \"currency\":\"XAU\"              | 422 | VALIDATION_FAILED"})
    void badFlightIsRefused(String name, String override, int status, String error) {
        String id = TestApi.newFlightId();
        String field = override.substring(1, override.indexOf('"', 1));
        var fields = new LinkedHashMap<String, String>();
        fields.put("flightId", "\"" + id + "\"");
        fields.put("origin", "\"FRA\"");
        fields.put("destination", "\"JFK\"");
        fields.put("departureTime", "\"" + TestApi.departure() + "\"");
        fields.put("capacity", "10");
        fields.put("price", "10.00");
        fields.put("currency", "\"EUR\"");
        fields.put(field, override.substring(override.indexOf(':') + 1));
        var body = new StringBuilder("{");
        fields.forEach((k, v) -> body.append(body.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));

        var response = api.post("/v1/flights", null, body.append('}').toString());

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.error()).isEqualTo(error);
        assertThat(api.get("/v1/flights/" + id).error()).isEqualTo("FLIGHT_NOT_FOUND");
    }

    @Test
    void aPriceIsJudgedInItsCurrency() {
        for (String[] price : new String[][] {{"JPY", "100.5", "422"}, {"JPY", "49", "422"}, {"JPY", "50", "201"},
                {"GBP", "0.30", "201"}, {"USD", "0.50", "201"}, {"USD", "0.499", "422"}, {"EUR", "999999.99", "201"},
                {"EUR", "1000000.00", "422"}, {"JPY", "99999999", "201"}, {"JPY", "100000000", "422"}}) {
            String id = TestApi.newFlightId();
            var response = api.post("/v1/flights", null, """
                    {"flightId":"%s","origin":"FRA","destination":"HND","departureTime":"%s",
                     "capacity":5,"price":%s,"currency":"%s"}""".formatted(id, TestApi.departure(), price[1], price[0]));
            assertThat(response.status()).as("%s %s", price[1], price[0]).isEqualTo(Integer.parseInt(price[2]));
        }
    }

    @Test
    void aBookingCostingMoreThanThePspTakesInOnePaymentIsRefusedBeforeAnySeatIsHeld() {
        String id = TestApi.newFlightId();
        assertThat(api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":9,"price":500000.00,"currency":"EUR"}""".formatted(id, TestApi.departure())).status())
                .isEqualTo(201);

        var twoSeats = api.claim(TestApi.newUserId(), id, 2);

        assertThat(twoSeats.status()).isEqualTo(422);
        assertThat(twoSeats.error()).isEqualTo("VALIDATION_FAILED");
        assertThat(redisCounts(id)).containsExactly(9, 0, 0);
        assertThat(api.claim(TestApi.newUserId(), id, 1).status()).isEqualTo(201);
    }

    @Test
    void unknownFlightIsNotFound() {
        var response = api.get("/v1/flights/" + TestApi.newFlightId());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("FLIGHT_NOT_FOUND");
    }
}
