package dev.seatbooking.booking;

import java.util.EnumSet;
import java.util.Set;

/**
 * A booking's status, and the changes DESIGN section 4 allows between them. No other change is
 * ever written: {@link StatusChanges}, their one writer, refuses it.
 */
public enum BookingStatus {
    PENDING, CONFIRMED, FAILED, TIMEOUT, CANCELLED, REFUNDED;

    /**
     * PENDING ends every way; a late success of the booking's own payment confirms a TIMEOUT or
     * FAILED booking, or refunds it when no seats are left; a cancelled booking paid anyway is
     * refunded; a confirmed one may be cancelled. CANCELLED and REFUNDED never become CONFIRMED.
     */
    Set<BookingStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(CONFIRMED, REFUNDED, FAILED, TIMEOUT, CANCELLED);
            case TIMEOUT, FAILED -> EnumSet.of(CONFIRMED, REFUNDED);
            case CANCELLED -> EnumSet.of(REFUNDED);
            case CONFIRMED -> EnumSet.of(CANCELLED, FAILED);
            case REFUNDED -> EnumSet.noneOf(BookingStatus.class);
        };
    }

    boolean canBecome(BookingStatus to) {
        return next().contains(to);
    }
}
