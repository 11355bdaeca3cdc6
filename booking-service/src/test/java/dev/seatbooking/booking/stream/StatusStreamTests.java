package dev.seatbooking.booking.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/bookings/{id}/stream}: the booking as it stands, then each change, until it leaves
 * PENDING; notified across instances through Redis, found by the poll when no notification comes.
 */
class StatusStreamTests extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What marks the end of a stream in {@link Events}. */
    private static final JsonNode END = JSON.missingNode();

    @Test
    void aStreamSendsTheBookingThenItsOutcomeAndEnds() throws Exception {
        String user = TestApi.newUserId();
        // Authorized about 3 s after the claim: the stream is open by then.
        String bookingId = api.claimPaying(user, api.createFlight(5), 1, "pm_sim_late", null).body()
                .path("bookingId").asString();

        try (var events = Events.open(port, bookingId, TestApi.userToken(user))) {
            assertThat(events.status).isEqualTo(200);
            assertThat(events.contentType).startsWith("text/event-stream");
            assertThat(events.next().path("status").asString()).isEqualTo("PENDING");
            // Every change is sent: the payment's progress while PENDING, then the outcome.
            var outcome = outcome(events);
            var received = Instant.now();
            assertThat(outcome.path("status").asString()).isEqualTo("CONFIRMED");
            assertThat(events.next()).as("the stream ends with the outcome").isSameAs(END);
            var committed = Instant.parse(outcome.path("updatedAt").asString());
            System.out.printf("Status stream: CONFIRMED heard %d ms after its commit%n",
                    Duration.between(committed, received).toMillis());
        }
    }

    @Test
    void aBookingThatHasItsOutcomeIsSentOnceAndTheStreamEnds() throws Exception {
        String user = TestApi.newUserId();
        String bookingId = api.claim(user, api.createFlight(5), 1).body().path("bookingId").asString();
        api.deleteAs(TestApi.userToken(user), "/v1/bookings/" + bookingId);

        try (var events = Events.open(port, bookingId, TestApi.userToken(user))) {
            assertThat(events.next().path("status").asString()).isEqualTo("CANCELLED");
            assertThat(events.next()).isSameAs(END);
        }
    }

    @Test
    void onlyTheOwnerOrAnAdminMayStreamABooking() throws Exception {
        String user = TestApi.newUserId();
        String bookingId = api.claim(user, api.createFlight(5), 1).body().path("bookingId").asString();

        var stranger = plain(bookingId, "Bearer " + TestApi.userToken(TestApi.newUserId()));
        var anonymous = plain(bookingId, null);

        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(stranger.body()).path("error").asString()).isEqualTo("BOOKING_NOT_FOUND");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        try (var events = Events.open(port, bookingId, TestApi.token("ops-admin", List.of("admin"), Duration.ofHours(1)))) {
            assertThat(events.next().path("bookingId").asString()).isEqualTo(bookingId);
        }
    }

    /**
     * No notification at all (the status changed behind the service's back), and not even a later
     * updated_at (two changes in one millisecond, or clocks that disagree): the poll finds it.
     */
    @Test
    void theDatabasePollFindsAChangeNoOneAnnounced() throws Exception {
        String user = TestApi.newUserId();
        String bookingId = api.claim(user, api.createFlight(5), 1).body().path("bookingId").asString();

        try (var events = Events.open(port, bookingId, TestApi.userToken(user))) {
            assertThat(events.next().path("status").asString()).isEqualTo("PENDING");
            jdbc.sql("UPDATE booking SET status = 'TIMEOUT' WHERE id = :id").param("id", bookingId).update();

            assertThat(outcome(events).path("status").asString()).isEqualTo("TIMEOUT");
            assertThat(events.next()).isSameAs(END);
        }
    }

    /** One user cannot take an instance's streams: five at once (booking.status-streams.max-per-user), then 503. */
    @Test
    void aUserHasAtMostFiveStreams() throws Exception {
        String user = TestApi.newUserId();
        String token = TestApi.userToken(user);
        String flightId = api.createFlight(9);
        List<Events> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                var events = Events.open(port, api.claim(user, flightId, 1).body().path("bookingId").asString(), token);
                open.add(events);
                assertThat(events.status).isEqualTo(200);
                assertThat(events.next().path("status").asString()).isEqualTo("PENDING");
            }
            String sixth = api.claim(user, flightId, 1).body().path("bookingId").asString();
            var refused = plain(sixth, "Bearer " + token);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).path("error").asString()).isEqualTo("SERVICE_BUSY");
            // Another user is not held up by this one.
            String other = TestApi.newUserId();
            try (var theirs = Events.open(port, api.claim(other, flightId, 1).body().path("bookingId").asString(),
                    TestApi.userToken(other))) {
                assertThat(theirs.status).isEqualTo(200);
            }
        } finally {
            open.forEach(Events::close);
        }
    }

    /**
     * Two instances: the stream is on a second one that never polls and whose relay never runs, so
     * only the first instance's Redis notification can tell it of a cancel made through the first.
     * It takes one stream at most: a second answers 503, and the slot is free again once the first
     * stream ended.
     */
    @Test
    void aChangeOnOneInstanceReachesAStreamOnAnotherAndStreamsAreCapped() throws Exception {
        try (var second = startAnotherInstance("--booking.status-streams.max=1", "--booking.status-streams.poll-interval=1h",
                "--booking.outbox-relay-interval=1h")) {
            int secondPort = portOf(second);
            String user = TestApi.newUserId();
            String token = TestApi.userToken(user);
            String flightId = api.createFlight(5);
            String first = api.claim(user, flightId, 1).body().path("bookingId").asString();
            String other = api.claim(user, flightId, 1).body().path("bookingId").asString();

            try (var events = Events.open(secondPort, first, token)) {
                assertThat(events.next().path("status").asString()).isEqualTo("PENDING");
                var refused = plainAt(secondPort, other, "Bearer " + token);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(refused.body()).path("error").asString()).isEqualTo("SERVICE_BUSY");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");

                assertThat(api.deleteAs(token, "/v1/bookings/" + first).status()).isEqualTo(200);

                assertThat(outcome(events).path("status").asString()).isEqualTo("CANCELLED");
                assertThat(events.next()).isSameAs(END);
            }
            try (var again = Events.open(secondPort, other, token)) {
                assertThat(again.status).isEqualTo(200);
                assertThat(again.next().path("bookingId").asString()).isEqualTo(other);
            }
        }
    }

    /** The first event whose booking has left PENDING. */
    private static JsonNode outcome(Events events) throws InterruptedException {
        var event = events.next();
        while (event.path("status").asString().equals("PENDING")) {
            event = events.next();
        }
        return event;
    }

    private HttpResponse<String> plain(String bookingId, String authorization) throws Exception {
        return plainAt(port, bookingId, authorization);
    }

    private static HttpResponse<String> plainAt(int port, String bookingId, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bookings/" + bookingId + "/stream"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code status} events of one stream, as a browser's fetch reads them, line by line. */
    private static final class Events implements AutoCloseable {

        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final int status;
        private final String contentType;
        private final Stream<String> lines;

        private Events(HttpResponse<Stream<String>> response) {
            this.status = response.statusCode();
            this.contentType = response.headers().firstValue("Content-Type").orElse("");
            this.lines = response.body();
            Thread.ofVirtual().start(() -> {
                List<String> data = new ArrayList<>();
                try {
                    lines.forEach(line -> {
                        if (line.startsWith("data:")) {
                            data.add(line.substring(5));
                        } else if (line.isEmpty() && !data.isEmpty()) {
                            received.add(JSON.readTree(String.join("\n", data)));
                            data.clear();
                        }
                    });
                } catch (RuntimeException e) {
                    // closed by the test
                }
                received.add(END);
            });
        }

        static Events open(int port, String bookingId, String token) throws IOException, InterruptedException {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bookings/" + bookingId + "/stream"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build();
            return new Events(HTTP.send(request, HttpResponse.BodyHandlers.ofLines()));
        }

        /** The next event's data, or {@link #END} once the stream has ended; fails after 10 s. */
        JsonNode next() throws InterruptedException {
            var event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }

        /** Hangs up, as a page that is closed does. */
        @Override
        public void close() {
            lines.close();
        }
    }
}
