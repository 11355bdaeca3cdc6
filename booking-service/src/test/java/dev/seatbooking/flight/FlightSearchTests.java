package dev.seatbooking.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** GET /v1/flights: a route's flights of one day, by departure, paged, with live seats; open to all. */
class FlightSearchTests extends IntegrationTest {

    /** A route of its own, so other tests' flights never show up in this one's search. */
    private final String origin = "Q" + letters(2);
    private final String destination = "Z" + letters(2);
    private final LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30 + ThreadLocalRandom.current().nextInt(300));

    @Test
    void findsARoutesFlightsOfOneDayByDeparturePageByPage() {
        String late = flight(origin, destination, day, 18);
        String early = flight(origin, destination, day, 8);
        String noon = flight(origin, destination, day, 12);
        flight(origin, destination, day.plusDays(1), 8); // another day
        flight(destination, origin, day, 9); // the way back
        api.claim(TestApi.newUserId(), noon, 2);

        var first = search("origin=%s&destination=%s&date=%s&size=2".formatted(origin, destination, day));
        assertThat(first.status()).isEqualTo(200);
        assertThat(ids(first.body())).containsExactly(early, noon);
        assertThat(first.body().path("totalFlights").asLong()).isEqualTo(3);
        assertThat(first.body().path("page").asInt()).isZero();
        assertThat(first.body().path("size").asInt()).isEqualTo(2);
        JsonNode held = first.body().path("flights").get(1);
        assertThat(held.path("seatsHeld").asInt()).isEqualTo(2);
        assertThat(held.path("availableSeats").asInt()).isEqualTo(8);

        var second = search("origin=%s&destination=%s&date=%s&size=2&page=1".formatted(origin, destination, day));
        assertThat(ids(second.body())).containsExactly(late);
        var beyond = search("origin=%s&destination=%s&date=%s&size=2&page=2".formatted(origin, destination, day));
        assertThat(ids(beyond.body())).isEmpty();
        assertThat(beyond.body().path("totalFlights").asLong()).isEqualTo(3);
    }

    @Test
    void withoutADayListsTheFlightsNotLeftYet() {
        String soon = flight(origin, destination, day, 10);
        String later = flight(origin, destination, day.plusDays(3), 10);

        var found = search("origin=%s&destination=%s".formatted(origin, destination));
        assertThat(ids(found.body())).containsExactly(soon, later);
        // Another test's route may leave from the same airport: only the order of these two is known.
        assertThat(ids(search("origin=" + origin).body())).filteredOn(List.of(soon, later)::contains)
                .containsExactly(soon, later);
        assertThat(found.body().path("size").asInt()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "origin=fra | origin", "destination=FRANKFURT | destination", "date=2026-02-30 | date",
            "date=tomorrow | date", "size=0 | size", "size=101 | size", "page=-1 | page", "page=x | page"})
    void badParametersAreRefusedByName(String query, String field) {
        var refused = search(query);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.error()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo(field);
        assertThat(refused.raw()).doesNotContain("Exception");
    }

    @ParameterizedTest
    @CsvSource({"-999999999-01-01", "%2B999999999-12-31", "-5000-01-01", "%2B300000-01-01", "1999-12-31"})
    void aDayNoFlightDepartsOnAnswersAnEmptyPage(String day) {
        var found = search("date=" + day);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().path("flights").size()).isZero();
        assertThat(found.body().path("totalFlights").asInt()).isZero();
    }

    /** Searched without a token: the search is open, as a flight's page is. */
    private TestApi.Response search(String query) {
        return api.sendAnonymously(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/flights?" + query)).GET());
    }

    private static String letters(int count) {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        }
        return text.toString();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("flights").forEach(f -> ids.add(f.path("flightId").asString()));
        return ids;
    }

    private String flight(String from, String to, LocalDate date, int hour) {
        String id = TestApi.newFlightId();
        Instant departure = date.atTime(hour, 0).toInstant(ZoneOffset.UTC);
        var created = api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"%s","destination":"%s","departureTime":"%s",
                 "capacity":10,"price":99.00,"currency":"EUR"}""".formatted(id, from, to, departure));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return id;
    }
}
