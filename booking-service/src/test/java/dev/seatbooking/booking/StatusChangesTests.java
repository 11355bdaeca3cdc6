package dev.seatbooking.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The one writer of a booking's status: what it writes with a change, and what it refuses. */
class StatusChangesTests extends IntegrationTest {

    @Autowired
    StatusChanges statusChanges;

    @Autowired
    BookingRepository bookings;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry registry;

    @Test
    void aChangeWritesTheStatusItsHistoryItsPublicationAndCountsOnceCommitted() {
        String bookingId = pendingBooking();
        double cancelledBefore = entered("CANCELLED");
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        transactions.executeWithoutResult(tx -> {
            statusChanges.change(bookings.lock(bookingId).orElseThrow(), BookingStatus.CANCELLED, "test", now);
            assertThat(entered("CANCELLED")).as("not counted before the commit").isEqualTo(cancelledBefore);
        });

        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        assertThat(history(bookingId)).containsExactly("null>PENDING request", "PENDING>CANCELLED test");
        assertThat(published(bookingId)).hasSize(2).last().asString().contains("\"to\":\"CANCELLED\"");
        assertThat(entered("CANCELLED")).isEqualTo(cancelledBefore + 1);
    }

    @Test
    void aChangeOffTheTableIsRefusedAndWritesNothing() {
        String bookingId = pendingBooking();

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> statusChanges.change(
                bookings.lock(bookingId).orElseThrow(), BookingStatus.PENDING, "test", Instant.now())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never goes from PENDING to PENDING");

        assertThat(history(bookingId)).containsExactly("null>PENDING request");
    }

    /** A caller that read the booking before another change moved it: the row count says so, and all rolls back. */
    @Test
    void aChangeFromAStatusTheBookingNoLongerHasRollsBackAndCountsNothing() {
        String bookingId = pendingBooking();
        var stale = bookings.find(bookingId).orElseThrow();
        transactions.executeWithoutResult(tx -> statusChanges.change(bookings.lock(bookingId).orElseThrow(),
                BookingStatus.FAILED, "first", Instant.now()));
        double confirmedBefore = entered("CONFIRMED");

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            bookings.recordPayment(bookingId, "pi_stale", PaymentStatuses.SUCCEEDED, Instant.now());
            statusChanges.change(stale, BookingStatus.CONFIRMED, "stale", Instant.now());
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("was not PENDING when it was to become CONFIRMED");

        assertThat(bookingStatus(bookingId)).isEqualTo("FAILED");
        assertThat(bookings.find(bookingId).orElseThrow().paymentStatus()).as("rolled back with it")
                .isNotEqualTo(PaymentStatuses.SUCCEEDED);
        assertThat(history(bookingId)).containsExactly("null>PENDING request", "PENDING>FAILED first");
        assertThat(published(bookingId)).hasSize(2);
        assertThat(entered("CONFIRMED")).isEqualTo(confirmedBefore);
    }

    @Test
    void timingOutABatchChangesEachBookingOnce() {
        List<String> ids = List.of(pendingBooking(), pendingBooking(), pendingBooking());
        Map<String, String> flightIds = bookings.flightIdsOf(ids);
        double before = entered("TIMEOUT");

        transactions.executeWithoutResult(tx -> statusChanges.timeOut(flightIds, "test", Instant.now()));

        for (String id : ids) {
            assertThat(bookingStatus(id)).isEqualTo("TIMEOUT");
            assertThat(history(id)).containsExactly("null>PENDING request", "PENDING>TIMEOUT test");
            assertThat(published(id)).hasSize(2);
        }
        assertThat(entered("TIMEOUT")).isEqualTo(before + 3);
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> statusChanges.timeOut(flightIds, "again",
                Instant.now()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("0 of");
    }

    private String pendingBooking() {
        String flightId = api.createFlight(2);
        return api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
    }

    private double entered(String status) {
        var counter = registry.find("bookings.created.total").tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> history(String bookingId) {
        return jdbc.sql("SELECT from_status, to_status, cause FROM booking_event WHERE booking_id = :id ORDER BY id")
                .param("id", bookingId)
                .query((rs, n) -> rs.getString(1) + ">" + rs.getString(2) + " " + rs.getString(3))
                .list();
    }

    private List<String> published(String bookingId) {
        return jdbc.sql("SELECT payload FROM outbox WHERE booking_id = :id AND kind = 'PUBLISH' ORDER BY id")
                .param("id", bookingId)
                .query(String.class)
                .list();
    }
}
