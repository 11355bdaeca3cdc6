package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doReturn;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.booking.BookingIds;
import dev.seatbooking.inventory.InventoryKeys;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A drawn booking id that is taken all the same (about 1 in 10^7 over a billion bookings with 16
 * characters; 18 % per million with the 8 of before): the claim gives back what it took under it and
 * draws again, and the booking that had the id is untouched. The id generator is the only stand-in.
 */
class BookingIdCollisionTests extends IntegrationTest {

    @MockitoSpyBean
    BookingIds ids;

    @Test
    void anIdTakenOnTheSameFlightIsDrawnAgainAndTheOtherBookingKeepsItsHold() {
        String flightId = api.createFlight(5);
        String firstUser = TestApi.newUserId();
        String taken = api.claim(firstUser, flightId, 2).body().path("bookingId").asString();
        doReturn(taken).doCallRealMethod().when(ids).next();

        var second = api.claim(TestApi.newUserId(), flightId, 1);

        assertThat(second.status()).isEqualTo(201);
        String secondId = second.body().path("bookingId").asString();
        assertThat(secondId).isNotEqualTo(taken);
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 3);
        assertThat(redis.opsForHash().get(InventoryKeys.of(flightId).holdSeats(), taken)).isEqualTo("2");
        assertThat(redis.opsForHash().get(InventoryKeys.of(flightId).holdSeats(), secondId)).isEqualTo("1");
        assertThat(jdbc.sql("SELECT user_id FROM booking WHERE id = :id").param("id", taken).query(String.class).single())
                .isEqualTo(firstUser);
        assertThat(seatsInStatus(flightId, "PENDING")).isEqualTo(3);
    }

    @Test
    void anIdTakenOnAnotherFlightIsDrawnAgainAndKeepsNoHoldUnderIt() {
        String firstFlight = api.createFlight(5);
        String otherFlight = api.createFlight(5);
        String taken = api.claim(TestApi.newUserId(), firstFlight, 1).body().path("bookingId").asString();
        doReturn(taken).doCallRealMethod().when(ids).next();

        var second = api.claim(TestApi.newUserId(), otherFlight, 2);

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().path("bookingId").asString()).isNotEqualTo(taken);
        assertThat(redisCounts(otherFlight)).containsExactly(5, 0, 2);
        assertThat(redis.opsForZSet().score(InventoryKeys.of(otherFlight).holds(), taken)).isNull();
        assertThat(redisCounts(firstFlight)).containsExactly(5, 0, 1);
    }

    @Test
    void aKeyedClaimWhoseIdIsTakenStillAnswersUnderItsKey() {
        String flightId = api.createFlight(5);
        String taken = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        doReturn(taken).doCallRealMethod().when(ids).next();
        String user = TestApi.newUserId();

        var first = api.claim(user, flightId, 1, "collide-1");
        var again = api.claim(user, flightId, 1, "collide-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.raw()).isEqualTo(first.raw());
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 2);
    }
}
