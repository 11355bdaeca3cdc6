package dev.seatbooking.booking.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An operator's reads: any booking's story, and the outbox's backlog. */
class AdminLookupTests extends IntegrationTest {

    @Test
    void aBookingsStoryHasItsEventsRefundsAndWork() {
        String flightId = api.createFlight(5);
        String user = TestApi.newUserId();
        String bookingId = api.claimPaying(user, flightId, 2, "pm_card_visa", null).body().path("bookingId").asString();
        awaitPaymentStatus(bookingId, "captured");
        assertThat(api.deleteAs(TestApi.userToken(user), "/v1/bookings/" + bookingId).status()).isEqualTo(200);
        awaitPaymentStatus(bookingId, "refunded");

        var story = api.get("/v1/admin/bookings/" + bookingId);

        assertThat(story.status()).isEqualTo(200);
        assertThat(story.body().path("booking").path("bookingId").asString()).isEqualTo(bookingId);
        assertThat(story.body().path("booking").path("userId").asString()).isEqualTo(user);
        List<String> statuses = new ArrayList<>();
        story.body().path("events").forEach(e -> statuses.add(e.path("to").asString()));
        assertThat(statuses).containsExactly("PENDING", "CONFIRMED", "CANCELLED");
        var refunds = story.body().path("refunds");
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).path("amount").decimalValue()).isEqualByComparingTo("241.00");
        assertThat(refunds.get(0).path("status").asString()).isEqualTo("succeeded");
        List<String> kinds = new ArrayList<>();
        story.body().path("work").forEach(w -> kinds.add(w.path("kind").asString()));
        assertThat(kinds).contains("START_PAYMENT", "CAPTURE", "REFUND", "RELEASE_SALE");
        assertThat(story.body().path("work").get(0).path("doneAt").isNull()).isFalse();
    }

    @Test
    void onlyAnOperatorReadsABookingsStory() {
        String user = TestApi.newUserId();
        String bookingId = api.claim(user, api.createFlight(5), 1).body().path("bookingId").asString();

        var asOwner = api.getAs(TestApi.userToken(user), "/v1/admin/bookings/" + bookingId);
        var unknown = api.get("/v1/admin/bookings/BK" + TestApi.randomText(16));
        var malformed = api.get("/v1/admin/bookings/nope");

        assertThat(asOwner.status() + " " + asOwner.error()).isEqualTo("403 FORBIDDEN");
        assertThat(unknown.status() + " " + unknown.error()).isEqualTo("404 BOOKING_NOT_FOUND");
        assertThat(malformed.status() + " " + malformed.error()).isEqualTo("422 VALIDATION_FAILED");
    }

    @Test
    void theOutboxBacklogCountsWorkNotDoneByKind() {
        // A payment still running is watched: a WATCH_INTENT row, due in booking.payment-watch-after.
        String bookingId = api.claim(TestApi.newUserId(), api.createFlight(5), 1).body().path("bookingId").asString();
        intentOf(bookingId);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var backlog = api.get("/v1/admin/outbox");
            assertThat(backlog.status()).isEqualTo(200);
            long rows = 0;
            long overdue = 0;
            List<String> kinds = new ArrayList<>();
            for (var kind : backlog.body().path("byKind")) {
                rows += kind.path("rows").asLong();
                overdue += kind.path("overdue").asLong();
                assertThat(kind.path("overdue").asLong()).isLessThanOrEqualTo(kind.path("rows").asLong());
                kinds.add(kind.path("kind").asString());
            }
            assertThat(backlog.body().path("rows").asLong()).isEqualTo(rows).isPositive();
            assertThat(backlog.body().path("overdue").asLong()).isEqualTo(overdue);
            assertThat(kinds).contains("WATCH_INTENT");
        });
        assertThat(api.getAs(TestApi.userToken(TestApi.newUserId()), "/v1/admin/outbox").status()).isEqualTo(403);
    }
}
