package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatbooking.booking.BookingIds;
import dev.seatbooking.system.ValidationFailed;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure logic of the request: which flights, in which order. */
class CreateBookingTests {

    @Test
    void legsAreClaimedInFlightIdOrder() {
        var request = new CreateBooking("u1", null, List.of("FL300", "FL100", "FL200"), 1, null);
        assertThat(request.flightsInClaimOrder()).containsExactly("FL100", "FL200", "FL300");
    }

    @Test
    void oneFlightIsOneLeg() {
        assertThat(new CreateBooking("u1", "FL100", null, 1, null).flightsInClaimOrder()).containsExactly("FL100");
    }

    @Test
    void bothOrNeitherFlightFieldIsRefused() {
        assertThatThrownBy(() -> new CreateBooking("u1", "FL100", List.of("FL100"), 1, null).flightsInClaimOrder())
                .isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> new CreateBooking("u1", null, null, 1, null).flightsInClaimOrder())
                .isInstanceOf(ValidationFailed.class);
    }

    @Test
    void newBookingIdsAreBkAndSixteenCharactersAndOldOnesStayValid() {
        var ids = new BookingIds();
        var drawn = new HashSet<String>();
        for (int i = 0; i < 1000; i++) {
            String id = ids.next();
            assertThat(id).matches("^BK[A-Z0-9]{16}$");
            assertThat(BookingIds.isWellFormed(id)).isTrue();
            drawn.add(id);
        }
        assertThat(drawn).hasSize(1000);
        assertThat(BookingIds.isWellFormed("BK8CQ07BSU")).isTrue();
        assertThat(BookingIds.isWellFormed("BK8CQ07BSU1")).isFalse();
        assertThat(BookingIds.isWellFormed("bk8cq07bsu")).isFalse();
        assertThat(BookingIds.isWellFormed(null)).isFalse();
    }
}
