package dev.seatbooking.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"booking.hold-ttl=2s", "booking.expiry-interval=1s"})
class HoldExpiryJobTests extends IntegrationTest {

    @Test
    void lapsedBookingReadsTimeoutWithinOneInterval() { // I8
        String flightId = api.createFlight(3);
        var response = api.claim(TestApi.newUserId(), flightId, 3);
        String bookingId = response.body().path("bookingId").asString();
        var expiresAt = Instant.parse(response.body().path("holdExpiresAt").asString());

        // Within one interval (1 s) of the lapse, with 1 s to spare for the job's own run and the poll.
        var deadline = Duration.between(Instant.now(), expiresAt).plusSeconds(2);
        await().atMost(deadline).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/bookings/" + bookingId).body().path("status").asString().equals("TIMEOUT"));

        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).path("from").asString()).isEqualTo("PENDING");
        assertThat(events.get(1).path("to").asString()).isEqualTo("TIMEOUT");
        assertThat(events.get(1).path("cause").asString()).isEqualTo("job:hold-expiry");
        // Its seats are free for the next buyer.
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(3);
    }

    @Test
    void unlapsedBookingStaysPending() throws Exception {
        String flightId = api.createFlight(3);
        var claim = api.claim(TestApi.newUserId(), flightId, 1);
        String bookingId = claim.body().path("bookingId").asString();
        Thread.sleep(1200); // one job run, hold still live
        assertThat(bookingStatus(bookingId)).isEqualTo("PENDING");
    }
}
