package dev.seatbooking.booking;

import static dev.seatbooking.booking.BookingStatus.CANCELLED;
import static dev.seatbooking.booking.BookingStatus.CONFIRMED;
import static dev.seatbooking.booking.BookingStatus.FAILED;
import static dev.seatbooking.booking.BookingStatus.PENDING;
import static dev.seatbooking.booking.BookingStatus.REFUNDED;
import static dev.seatbooking.booking.BookingStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The status changes are exactly DESIGN section 4's table, no more. */
class BookingStatusTests {

    @Test
    void theTransitionsAreDesignsTable() {
        assertThat(PENDING.next()).containsExactlyInAnyOrder(CONFIRMED, REFUNDED, FAILED, TIMEOUT, CANCELLED);
        assertThat(TIMEOUT.next()).containsExactlyInAnyOrder(CONFIRMED, REFUNDED);
        assertThat(FAILED.next()).containsExactlyInAnyOrder(CONFIRMED, REFUNDED);
        assertThat(CANCELLED.next()).containsExactly(REFUNDED);
        // A capture the PSP refuses for good undoes the sale (authorize, then capture).
        assertThat(CONFIRMED.next()).containsExactlyInAnyOrder(CANCELLED, FAILED);
        assertThat(REFUNDED.next()).isEmpty();
    }

    @Test
    void cancelledAndRefundedNeverBecomeConfirmedAndNothingReturnsToPending() {
        for (var status : BookingStatus.values()) {
            assertThat(status.canBecome(PENDING)).as(status + " -> PENDING").isFalse();
            assertThat(status.canBecome(status)).as(status + " -> itself").isFalse();
        }
        for (var ended : EnumSet.of(CANCELLED, REFUNDED)) {
            assertThat(ended.canBecome(CONFIRMED)).as(ended + " -> CONFIRMED").isFalse();
        }
    }
}
