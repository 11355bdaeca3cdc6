package dev.seatbooking.booking.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.booking.confirm.BookingPayments;
import dev.seatbooking.inventory.InventoryKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CancelBookingTests extends IntegrationTest {

    @Test
    void cancellingAPendingBookingReleasesItsHoldAtOnce() {
        String flightId = api.createFlight(4);
        var claim = api.claim(TestApi.newUserId(), flightId, 4);
        String bookingId = claim.body().path("bookingId").asString();
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isZero();

        var cancel = api.delete("/v1/bookings/" + bookingId);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(4);
        assertThat(redisCounts(flightId)).containsExactly(4, 0, 0);
        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(1).path("to").asString()).isEqualTo("CANCELLED");
        assertThat(api.claim(TestApi.newUserId(), flightId, 4).status()).isEqualTo(201);
    }

    @Autowired
    BookingPayments payments;

    /**
     * The step after a confirm's commit that makes sure Redis has the sale: a cancel that committed
     * in between gave the seats back, and they stay back.
     */
    @Test
    void aCancelBetweenAConfirmAndItsSaleReassertLeavesTheSeatsFree() {
        String flightId = api.createFlight(4);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null).body()
                .path("bookingId").asString();
        awaitStatus(bookingId, "CONFIRMED");
        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);
        assertThat(redisCounts(flightId)).containsExactly(4, 0, 0);

        payments.reassertSales(bookingId);

        assertThat(redisCounts(flightId)).containsExactly(4, 0, 0);
        assertThat(redis.opsForHash().hasKey(InventoryKeys.of(flightId).sold(), bookingId)).isFalse();
        assertThat(api.claim(TestApi.newUserId(), flightId, 4).status()).isEqualTo(201);
    }

    @Test
    void cancellingTwiceChangesNothing() {
        String flightId = api.createFlight(4);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);

        var again = api.delete("/v1/bookings/" + bookingId);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.get("/v1/bookings/" + bookingId + "/events").body()).hasSize(2);
        assertThat(redisCounts(flightId)).containsExactly(4, 0, 0);
    }

    @Test
    void endedBookingCannotBeCancelled() {
        String flightId = api.createFlight(4);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        jdbc.sql("UPDATE booking SET status = 'TIMEOUT' WHERE id = :id").param("id", bookingId).update();

        var cancel = api.delete("/v1/bookings/" + bookingId);

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.error()).isEqualTo("BOOKING_NOT_CANCELLABLE");
    }

    @Test
    void unknownBookingIsNotFound() {
        var cancel = api.delete("/v1/bookings/BK" + TestApi.randomText(8));
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.error()).isEqualTo("BOOKING_NOT_FOUND");
    }
}
