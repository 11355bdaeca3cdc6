package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.RefusedSales;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.InventoryKeys;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A confirm whose step after the Redis sale fails gives the sale back to the buyer's hold, with
 * the expiry the booking recorded, never to the open pool: the buyer paid, the PSP redelivers,
 * and the seat must still be theirs then (I3).
 */
class ConfirmUndoTests extends IntegrationTest {

    @BeforeEach
    void installRefusedSales() {
        RefusedSales.install(jdbc);
    }

    @Test
    void aConfirmWhoseDatabaseStepFailsKeepsThePaidBuyersHold() {
        String flightId = api.createFlight(1);
        String buyer = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        String paid = ownPaymentEvent("payment_intent.succeeded", "evt_undo_" + TestApi.randomText(8), buyer);

        RefusedSales.refuse(jdbc, flightId);
        try {
            var refused = deliverSigned(paid);
            assertThat(refused.status()).isGreaterThanOrEqualTo(500);
            assertThat(bookingStatus(buyer)).isEqualTo("PENDING");
            // The seat is the buyer's hold again, not free for the next buyer.
            assertThat(redisCounts(flightId)).containsExactly(1, 0, 1);
            assertThat(redis.opsForZSet().score(InventoryKeys.of(flightId).holds(), buyer)).isEqualTo(
                    (double) jdbc.sql("SELECT hold_expires_at FROM booking WHERE id = :id").param("id", buyer)
                            .query(Timestamp.class).single().toInstant().toEpochMilli());
            var other = api.claim(TestApi.newUserId(), flightId, 1);
            assertThat(other.status()).isEqualTo(409);
            assertThat(other.error()).isEqualTo("NO_SEATS");
        } finally {
            RefusedSales.allow(jdbc, flightId);
        }

        // The PSP's redelivery confirms the buyer: no refund, no "paid after its hold lapsed".
        assertThat(deliverSigned(paid).status()).isEqualTo(200);
        assertThat(bookingStatus(buyer)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(1);
        assertThat(redisCounts(flightId)).containsExactly(1, 1, 0);
    }

    @Test
    void aMultiLegConfirmWhoseLaterLegFailsInRedisKeepsTheEarlierLegsHeld() {
        String first = api.createFlight("A" + TestApi.randomText(9), 2, "EUR");
        String second = api.createFlight("B" + TestApi.randomText(9), 2, "EUR");
        String buyer = api.claimLegs(TestApi.newUserId(), List.of(first, second), 2).body().path("bookingId").asString();
        String paid = ownPaymentEvent("payment_intent.succeeded", "evt_undo_" + TestApi.randomText(8), buyer);

        // The second leg's confirm script fails in Redis (its sold hash is not a hash).
        redis.delete(InventoryKeys.of(second).sold());
        redis.opsForValue().set(InventoryKeys.of(second).sold(), "broken");
        try {
            assertThat(deliverSigned(paid).status()).isGreaterThanOrEqualTo(500);
            assertThat(bookingStatus(buyer)).isEqualTo("PENDING");
            assertThat(redisCounts(first)).containsExactly(2, 0, 2);
            assertThat(api.claim(TestApi.newUserId(), first, 1).status()).isEqualTo(409);
        } finally {
            redis.delete(InventoryKeys.of(second).sold());
        }

        assertThat(deliverSigned(paid).status()).isEqualTo(200);
        assertThat(bookingStatus(buyer)).isEqualTo("CONFIRMED");
        assertThat(redisCounts(first)).containsExactly(2, 2, 0);
        assertThat(redisCounts(second)).containsExactly(2, 2, 0);
        assertThat(seatsSold(first)).isEqualTo(2);
        assertThat(seatsSold(second)).isEqualTo(2);
    }
}
