package dev.seatbooking.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

class OutboxRelayTests extends IntegrationTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void statusChangesReachInProcessSubscribers() {
        List<BookingStatusChanged> received = new CopyOnWriteArrayList<>();
        context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<BookingStatusChanged>>)
                event -> received.add(event.getPayload()));
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null)
                .body().path("bookingId").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                .filter(change -> change.bookingId().equals(bookingId)).count() == 2);

        var changes = received.stream().filter(change -> change.bookingId().equals(bookingId)).toList();
        assertThat(changes).extracting(BookingStatusChanged::to)
                .containsExactly(BookingStatus.PENDING, BookingStatus.CONFIRMED);
        assertThat(changes.getFirst().from()).isNull();
    }

    @Test
    void redisReleaseLostInACrashAfterTheCommitIsCarriedOutByTheRelay() {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 3).body().path("bookingId").asString();
        intentOf(bookingId);
        // What a cancel commits; the process dies before its Redis step.
        var now = Timestamp.from(Instant.now());
        jdbc.sql("UPDATE booking SET status = 'CANCELLED' WHERE id = :id").param("id", bookingId).update();
        jdbc.sql("INSERT INTO outbox (booking_id, kind, attempts, next_at, created_at) VALUES (:id, 'RELEASE_HOLD', 0, :now, :now)")
                .param("id", bookingId).param("now", now).update();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 3);

        await().atMost(Duration.ofSeconds(10)).until(() -> redisCounts(flightId)[2] == 0);

        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(5);
    }
}
