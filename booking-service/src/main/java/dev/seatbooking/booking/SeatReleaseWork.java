package dev.seatbooking.booking;

import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The Redis side of a release (RELEASE_HOLD: the booking failed, was cancelled or lost its hold) or
 * of a cancelled sale (RELEASE_SALE), per leg; each script is idempotent per booking.
 */
@Component
class SeatReleaseWork implements OutboxHandler {

    private final BookingRepository bookings;
    private final SeatInventory inventory;

    SeatReleaseWork(BookingRepository bookings, SeatInventory inventory) {
        this.bookings = bookings;
        this.inventory = inventory;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.RELEASE_HOLD, OutboxKind.RELEASE_SALE);
    }

    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        boolean sale = work.kind() == OutboxKind.RELEASE_SALE;
        bookings.find(work.bookingId()).ifPresent(booking -> booking.legs().forEach(leg -> {
            if (sale) {
                inventory.releaseSale(leg.flightId(), work.bookingId());
            } else {
                inventory.release(leg.flightId(), work.bookingId());
            }
        }));
        return true;
    }
}
