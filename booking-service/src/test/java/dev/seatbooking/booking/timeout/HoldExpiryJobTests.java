package dev.seatbooking.booking.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"booking.hold-ttl=2s", "booking.expiry-interval=1s"})
class HoldExpiryJobTests extends IntegrationTest {

    @Autowired
    HoldExpiryJob job;

    @Test
    void lapsedBookingReadsTimeoutWithinOneInterval() { // I8
        String flightId = api.createFlight(3);
        var response = api.claim(TestApi.newUserId(), flightId, 3);
        String bookingId = response.body().path("bookingId").asString();
        var expiresAt = Instant.parse(response.body().path("holdExpiresAt").asString());
        awaitRedisTimePast(expiresAt);

        // One interval (1 s) after the lapse, plus room for a slow CI machine.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/bookings/" + bookingId).body().path("status").asString().equals("TIMEOUT"));

        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).path("from").asString()).isEqualTo("PENDING");
        assertThat(events.get(1).path("to").asString()).isEqualTo("TIMEOUT");
        assertThat(events.get(1).path("cause").asString()).isEqualTo("job:hold-expiry");
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(3);
    }

    @Test
    void jobLeavesLiveHoldsPending() {
        String flightId = api.createFlight(3);
        var claim = api.claim(TestApi.newUserId(), flightId, 1);
        String bookingId = claim.body().path("bookingId").asString();

        job.timeOutLapsedHolds(); // the hold has 2 s to live

        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
    }

    @Test
    void jobTimesOutALapsedHoldWhenItRuns() {
        String flightId = api.createFlight(3);
        var claim = api.claim(TestApi.newUserId(), flightId, 1);
        String bookingId = claim.body().path("bookingId").asString();
        awaitRedisTimePast(Instant.parse(claim.body().path("holdExpiresAt").asString()));

        job.timeOutLapsedHolds();

        assertThat(bookingStatus(bookingId)).isEqualTo("TIMEOUT");
        job.timeOutLapsedHolds();
        assertThat(api.get("/v1/bookings/" + bookingId + "/events").body()).hasSize(2);
    }
}
