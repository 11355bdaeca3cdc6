package dev.seatbooking.booking;

import dev.seatbooking.idempotency.RequestInProgress;
import dev.seatbooking.inventory.ClaimMarker;
import dev.seatbooking.inventory.ClaimResult;
import dev.seatbooking.inventory.SeatInventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds for a whole itinerary. Legs may live in different Redis Cluster slots, so they are claimed
 * one flight at a time in flight-id order; a leg that fails releases the legs taken before it (I9).
 */
@Component
class SeatHolds {

    private static final Logger log = LoggerFactory.getLogger(SeatHolds.class);

    private final SeatInventory inventory;
    private final BookingProperties properties;

    SeatHolds(SeatInventory inventory, BookingProperties properties) {
        this.inventory = inventory;
        this.properties = properties;
    }

    /**
     * Holds every leg, or none; returns the earliest expiry of the legs' holds. A keyed claim's
     * marker goes with the first leg's call: refused there while another request under the key runs.
     */
    Instant hold(String bookingId, List<BookingLeg> legs, @Nullable ClaimMarker marker) {
        List<BookingLeg> taken = new ArrayList<>();
        Instant expiresAt = null;
        try {
            for (var leg : legs) {
                // Counted as taken before the call: a call that times out may still have run in Redis.
                taken.add(leg);
                var hold = inventory.claim(leg.flightId(), bookingId, leg.seats(), properties.holdTtl(),
                        taken.size() == 1 ? marker : null);
                if (hold.result() == ClaimResult.IN_PROGRESS) {
                    taken.clear(); // the first leg's call: nothing is held
                    throw new RequestInProgress();
                }
                if (!hold.result().holds()) {
                    release(bookingId, taken.subList(0, taken.size() - 1));
                    throw new SeatsUnavailable(leg.flightId());
                }
                expiresAt = expiresAt == null || hold.expiresAt().isBefore(expiresAt) ? hold.expiresAt() : expiresAt;
            }
        } catch (RuntimeException e) {
            if (!(e instanceof SeatsUnavailable) && !(e instanceof RequestInProgress)) {
                release(bookingId, taken);
            }
            throw e;
        }
        return expiresAt;
    }

    /**
     * Checks after the booking is committed that Redis still holds its legs, taking them again if a
     * Redis reset lost them (I6). False when a leg could not be taken again.
     */
    boolean reassert(Booking booking) {
        for (var leg : booking.legs()) {
            var hold = inventory.reassert(leg.flightId(), booking.id(), leg.seats(), booking.holdExpiresAt());
            if (hold.result() == ClaimResult.HELD) {
                log.atWarn().addKeyValue("bookingId", booking.id()).addKeyValue("flightId", leg.flightId())
                        .log("Hold of {} on {} was lost in a Redis reset and taken again", booking.id(), leg.flightId());
            } else if (!hold.result().holds()) {
                return false;
            }
        }
        return true;
    }

    /** Gives back whatever the booking holds; a failure is logged, and the hold lapses by itself. */
    void release(String bookingId, List<BookingLeg> legs) {
        for (var leg : legs) {
            try {
                inventory.release(leg.flightId(), bookingId);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("bookingId", bookingId).addKeyValue("flightId", leg.flightId())
                        .log("Could not release the hold of {} on {}; it lapses at its expiry: {}",
                                bookingId, leg.flightId(), e.getMessage());
            }
        }
    }
}
