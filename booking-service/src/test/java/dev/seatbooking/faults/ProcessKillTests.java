package dev.seatbooking.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.SeatBookingApplication;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.InventoryKeys;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service process really dies (halted: no shutdown hook runs) between a database commit and
 * the Redis step after it, and what it leaves behind is repaired: by the reconciler of the
 * restarted process, or by the outbox relay of an instance still running. No seat counts twice.
 */
class ProcessKillTests extends IntegrationTest {

    @Test
    void killedAfterTheConfirmCommitTheRestartedProcessTurnsTheHoldIntoASaleOnce() throws Exception {
        String flightId = api.createFlight(5);
        String bookingId;
        try (var crashing = crashingService("confirm-committed", flightId)) {
            bookingId = new TestApi(crashing.port())
                    .claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null).body().path("bookingId").asString();
            assertThat(crashing.awaitExit(Duration.ofSeconds(60))).isEqualTo(CrashingService.EXIT_CODE);
        }
        // What the crash left: the database sold the seats, Redis still holds them.
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 2);

        var restartArguments = instanceArguments();
        restartArguments.add("--booking.reconcile-initial-delay=0s");
        try (var restarted = ServiceProcess.start("restarted", SeatBookingApplication.class.getName(), List.of(),
                restartArguments)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> redisCounts(flightId)[1] == 2);
        }

        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(redis.opsForHash().get(InventoryKeys.of(flightId).sold(), bookingId)).isEqualTo("2");
        assertThat(redis.opsForZSet().score(InventoryKeys.of(flightId).holds(), bookingId)).isNull();
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(3);
    }

    @Test
    void killedAfterTheCancelCommitTheSurvivingInstanceReleasesTheHoldOnce() throws Exception {
        String flightId = api.createFlight(5);
        String bookingId;
        try (var crashing = crashingService("cancel-committed", flightId)) {
            var client = new TestApi(crashing.port());
            bookingId = client.claim(TestApi.newUserId(), flightId, 3).body().path("bookingId").asString();
            intentOf(bookingId);
            // The process dies before it can answer.
            assertThatThrownBy(() -> client.delete("/v1/bookings/" + bookingId)).isInstanceOf(UncheckedIOException.class);
            assertThat(crashing.awaitExit(Duration.ofSeconds(30))).isEqualTo(CrashingService.EXIT_CODE);
        }
        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");

        // This test's instance plays the one still running: its outbox relay carries out the release.
        await().atMost(Duration.ofSeconds(20)).until(() -> redisCounts(flightId)[2] == 0);
        // The watch of its payment (WATCH_INTENT) is not release work: due 30 s after its intent, it
        // ends then without a PSP call, as the booking no longer waits.
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT COUNT(*) FROM outbox WHERE booking_id = :id AND done_at IS NULL AND kind <> 'WATCH_INTENT'""")
                .param("id", bookingId).query(Integer.class).single() == 0);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(5);
        assertThat(api.get("/v1/bookings/" + bookingId + "/events").body()).hasSize(2);
    }

    private ServiceProcess crashingService(String crashAt, String flightId) throws InterruptedException {
        var arguments = instanceArguments();
        arguments.add("--booking.reconcile-initial-delay=1h");
        return ServiceProcess.start("crashing-" + crashAt, CrashingService.class.getName(),
                List.of("-Dcrash.at=" + crashAt, "-Dcrash.flight=" + flightId), arguments);
    }

    /** This instance's servers; jobs that would take other tests' work stay idle. */
    private List<String> instanceArguments() {
        var arguments = new ArrayList<>(sharedServerArguments());
        arguments.addAll(List.of("--booking.expiry-job-enabled=false", "--booking.sweep-interval=1h",
                "--logging.level.root=WARN"));
        return arguments;
    }
}
