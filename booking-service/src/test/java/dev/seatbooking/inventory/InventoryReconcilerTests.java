package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Redis repaired from the database after a process died between a commit and its Redis step. */
class InventoryReconcilerTests extends IntegrationTest {

    @Autowired
    InventoryReconciler reconciler;

    @Autowired
    SeatInventory inventory;

    @Test
    void confirmedInTheDatabaseButStillHeldInRedisBecomesSoldOnce() {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        intentOf(bookingId); // the payment start has written to the booking; nothing else will
        // The confirm committed (CONFIRMED, seats_sold + 2) and the process died before Redis sold the seats.
        jdbc.sql("UPDATE booking SET status = 'CONFIRMED' WHERE id = :id").param("id", bookingId).update();
        jdbc.sql("UPDATE flight SET seats_sold = 2 WHERE id = :id").param("id", flightId).update();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 2);

        var drift = reconciler.reconcile(flightId);

        assertThat(drift).containsEntry("sale_added", 1L).containsEntry("sold_count", 2L);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(inventory.confirm(flightId, bookingId, 2)).isEqualTo(ConfirmResult.ALREADY_SOLD);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(reconciler.reconcile(flightId)).isEmpty();
    }

    @Test
    void cancelledInTheDatabaseButStillHeldInRedisIsReleased() {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 3).body().path("bookingId").asString();
        intentOf(bookingId);
        jdbc.sql("UPDATE booking SET status = 'CANCELLED' WHERE id = :id").param("id", bookingId).update();

        var drift = reconciler.reconcile(flightId);

        assertThat(drift).containsEntry("hold_removed", 1L);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
    }

    @Test
    void pendingBookingWhoseHoldRedisLostGetsItBackIfItFits() {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        intentOf(bookingId); // the payment start has written to the booking; nothing else will
        redis.opsForZSet().remove(InventoryKeys.of(flightId).holds(), bookingId);
        redis.opsForHash().delete(InventoryKeys.of(flightId).holdSeats(), bookingId);
        redis.opsForHash().put(InventoryKeys.of(flightId).inventory(), "held", "7"); // a counter gone wrong as well

        var drift = reconciler.reconcile(flightId);

        assertThat(drift).containsEntry("hold_added", 1L);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 2);
    }

    @Test
    void holdOfAClaimNotYetCommittedAndABookingMidFlowAreLeftAlone() {
        String flightId = api.createFlight(5);
        // A claim whose booking insert has not committed: Redis holds it, the database does not know it.
        inventory.claim(flightId, "BKNOTYET01", 1, Duration.ofMinutes(5));
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        intentOf(bookingId); // the payment start has written to the booking; nothing else will
        jdbc.sql("UPDATE booking SET status = 'CANCELLED' WHERE id = :id").param("id", bookingId).update();

        Map<String, Long> drift;
        // The cancelled booking's flow is still running: its row is locked by another transaction.
        try (var connection = jdbcConnection()) {
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("SELECT id FROM booking WHERE id = ? FOR UPDATE")) {
                lock.setString(1, bookingId);
                lock.executeQuery();
                drift = reconciler.reconcile(flightId);
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        assertThat(drift).isEmpty();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 3);
        assertThat(reconciler.reconcile(flightId)).containsEntry("hold_removed", 1L);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 1);
    }

    @Autowired
    DataSource dataSource;

    private Connection jdbcConnection() throws SQLException {
        return dataSource.getConnection();
    }
}
