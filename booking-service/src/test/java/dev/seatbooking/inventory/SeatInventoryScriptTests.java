package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Lua scripts against a real Redis, one answer each; after every call sold + held <= capacity (I2). */
class SeatInventoryScriptTests extends IntegrationTest {

    private static final Duration LONG = Duration.ofMinutes(5);
    private static final Duration BRIEF = Duration.ofMillis(50);

    @Autowired
    SeatInventory inventory;

    @Test
    void retriedClaimOfTheSameBookingTakesNothingMore() {
        String flightId = api.createFlight(5);
        var first = inventory.claim(flightId, "BKRETRY001", 2, LONG);
        var retry = inventory.claim(flightId, "BKRETRY001", 2, LONG);

        assertThat(first.result()).isEqualTo(ClaimResult.HELD);
        assertThat(retry.result()).isEqualTo(ClaimResult.ALREADY_HELD);
        assertThat(retry.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 2);
    }

    @Test
    void keyedClaimSetsItsMarkerWithTheHoldAndIsRefusedWhileAnotherHoldsIt() {
        String flightId = api.createFlight(1);
        var marker = new ClaimMarker("idem:{" + flightId + "}:first", "token-1", Duration.ofHours(24), Duration.ofSeconds(30));

        var first = inventory.claim(flightId, "BKMARK0001", 1, LONG, marker);
        var second = inventory.claim(flightId, "BKMARK0002", 1, LONG,
                new ClaimMarker(marker.key(), "token-2", Duration.ofHours(24), Duration.ofSeconds(30)));
        var refused = inventory.claim(flightId, "BKMARK0003", 1, LONG,
                new ClaimMarker("idem:{" + flightId + "}:other", "token-3", Duration.ofHours(24), Duration.ofSeconds(30)));

        assertThat(first.result()).isEqualTo(ClaimResult.HELD);
        // The token and when the claim started; kept for the key's retention unless the claim fails.
        assertThat(redis.opsForValue().get(marker.key())).matches("token-1:[0-9]{13}");
        assertThat(redis.getExpire(marker.key())).isBetween(86_000L, 86_400L);
        assertThat(second.result()).isEqualTo(ClaimResult.IN_PROGRESS);
        assertThat(refused.result()).isEqualTo(ClaimResult.NO_SEATS);
        assertThat(redis.hasKey("idem:{" + flightId + "}:other")).isFalse(); // a refusal sets no marker
        assertThat(redisCounts(flightId)).containsExactly(1, 0, 1);
    }

    @Test
    void confirmTurnsTheLiveHoldIntoASaleOnce() {
        String flightId = api.createFlight(5);
        inventory.claim(flightId, "BKCONFIRM1", 2, LONG);

        assertThat(inventory.confirm(flightId, "BKCONFIRM1", 2)).isEqualTo(ConfirmResult.SOLD_FROM_HOLD);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(inventory.confirm(flightId, "BKCONFIRM1", 2)).isEqualTo(ConfirmResult.ALREADY_SOLD);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
        assertThat(inventory.claim(flightId, "BKCONFIRM1", 2, LONG).result()).isEqualTo(ClaimResult.ALREADY_HELD);
        assertThat(inventory.release(flightId, "BKCONFIRM1")).isEqualTo(ReleaseResult.NOTHING_HELD);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
    }

    @Test
    void confirmAfterTheHoldLapsedTakesFreeSeatsAfresh() throws Exception {
        String flightId = api.createFlight(5);
        inventory.claim(flightId, "BKLATE0001", 2, BRIEF);
        Thread.sleep(100);

        assertThat(inventory.confirm(flightId, "BKLATE0001", 2)).isEqualTo(ConfirmResult.SOLD_AFRESH);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
    }

    @Test
    void confirmAfterTheHoldLapsedAndSeatsWentElsewhereSellsNothing() throws Exception {
        String flightId = api.createFlight(2);
        inventory.claim(flightId, "BKLATE0002", 2, BRIEF);
        Thread.sleep(100);
        assertThat(inventory.claim(flightId, "BKOTHER001", 2, LONG).result()).isEqualTo(ClaimResult.HELD);

        assertThat(inventory.confirm(flightId, "BKLATE0002", 2)).isEqualTo(ConfirmResult.NO_SEATS);
        assertThat(redisCounts(flightId)).containsExactly(2, 0, 2);
    }

    @Test
    void releaseGivesSeatsBackOnceAndPurgesLapsedHolds() throws Exception {
        String flightId = api.createFlight(5);
        inventory.claim(flightId, "BKRELEASE1", 2, LONG);
        inventory.claim(flightId, "BKLAPSING1", 3, BRIEF);
        Thread.sleep(100);

        assertThat(inventory.release(flightId, "BKRELEASE1")).isEqualTo(ReleaseResult.RELEASED);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
        assertThat(redis.opsForHash().size(InventoryKeys.of(flightId).holdSeats())).isZero();
        assertThat(inventory.release(flightId, "BKRELEASE1")).isEqualTo(ReleaseResult.NOTHING_HELD);
        assertThat(inventory.release(flightId, "BKNEVER001")).isEqualTo(ReleaseResult.NOTHING_HELD);
    }

    @Test
    void reassertedHoldKeepsItsExpiryOrReportsItLapsed() {
        String flightId = api.createFlight(5);
        var hold = inventory.claim(flightId, "BKREASSER1", 1, LONG);
        assertThat(inventory.reassert(flightId, "BKREASSER1", 1, hold.expiresAt()).result()).isEqualTo(ClaimResult.ALREADY_HELD);

        redis.delete(List.of(InventoryKeys.of(flightId).inventory(), InventoryKeys.of(flightId).holds()));
        // The booking is not in the database, so the rebuild cannot know it: re-asserting takes it again.
        var again = inventory.reassert(flightId, "BKREASSER1", 1, hold.expiresAt());
        assertThat(again.result()).isEqualTo(ClaimResult.HELD);
        assertThat(again.expiresAt()).isEqualTo(hold.expiresAt());
        assertThat(inventory.reassert(flightId, "BKREASSER2", 1, Instant.now().minusSeconds(1)).result())
                .isEqualTo(ClaimResult.LAPSED);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 1);
    }

    @Test
    void rebuildLoadsSalesAndLiveHoldsFromTheDatabase() {
        String flightId = api.createFlight(10);
        String sold = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        String pending = api.claim(TestApi.newUserId(), flightId, 3).body().path("bookingId").asString();
        inventory.confirm(flightId, sold, 2);
        jdbc.sql("UPDATE booking SET status = 'CONFIRMED' WHERE id = :id").param("id", sold).update();
        jdbc.sql("UPDATE flight SET seats_sold = 2 WHERE id = :id").param("id", flightId).update();

        redis.delete(InventoryKeys.of(flightId).all());

        var counts = inventory.read(flightId);
        assertThat(counts).isEqualTo(new FlightInventory(10, 2, 3, FlightStatus.OPEN));
        assertThat(inventory.confirm(flightId, sold, 2)).isEqualTo(ConfirmResult.ALREADY_SOLD);
        assertThat(inventory.claim(flightId, pending, 3, LONG).result()).isEqualTo(ClaimResult.ALREADY_HELD);
    }

    @Test
    void loadingAFlightTwiceKeepsItsHolds() {
        String flightId = api.createFlight(10);
        inventory.claim(flightId, "BKKEEP0001", 4, LONG);

        inventory.load(flightId);

        assertThat(redisCounts(flightId)).containsExactly(10, 0, 4);
    }
}
