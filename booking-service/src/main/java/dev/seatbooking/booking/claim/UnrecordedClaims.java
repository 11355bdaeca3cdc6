package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingMetrics;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.system.InMemoryRetries;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * A claim whose transaction failed holds seats for a booking that may or may not be recorded; the
 * database decides whether the hold goes back. This work has no commit behind it (the database may
 * be what failed), so it stays in memory, retried until the hold would lapse anyway.
 */
@Component
class UnrecordedClaims {

    private static final Logger log = LoggerFactory.getLogger(UnrecordedClaims.class);
    private static final Duration UNKNOWN_COMMIT_RECHECK = Duration.ofMillis(500);

    private final BookingRepository bookings;
    private final SeatHolds holds;
    private final BookingMetrics metrics;
    private final InMemoryRetries retries;

    UnrecordedClaims(BookingRepository bookings, SeatHolds holds, BookingMetrics metrics, InMemoryRetries retries) {
        this.bookings = bookings;
        this.holds = holds;
        this.metrics = metrics;
        this.retries = retries;
    }

    /** Whether a booking other than this one has its id: another user, another moment, other legs. */
    boolean takenByAnother(Booking booking) {
        return bookings.find(booking.id()).filter(found -> !(found.userId().equals(booking.userId())
                && found.createdAt().equals(booking.createdAt()) && found.legs().equals(booking.legs()))).isPresent();
    }

    /**
     * The booking's transaction failed, but a commit cut off with its connection may have landed all
     * the same: the hold goes back only once the database says the booking is not there (I6). While
     * the database cannot say, a background check asks again until the hold would lapse anyway.
     * True when the booking is known not to be recorded and its hold went back.
     */
    boolean releaseUnlessRecorded(Booking booking) {
        try {
            if (bookings.find(booking.id()).isEmpty()) {
                holds.release(booking.id(), booking.legs());
                return true;
            }
            return false;
        } catch (DataAccessException e) {
            log.warn("Cannot tell whether booking {} was recorded; asking again in the background: {}", booking.id(),
                    e.getMessage());
            metrics.claimInDoubt(1);
            retries.until("release-claim-in-doubt", UNKNOWN_COMMIT_RECHECK, booking.holdExpiresAt(),
                    () -> settleClaimInDoubt(booking)).whenComplete((settled, error) -> metrics.claimInDoubt(-1));
        }
        return false;
    }

    /**
     * Whether the database could say if the claim was recorded: if it was not, its hold is released;
     * if it was, the booking stands and lapses like any unpaid one. False while the database is out.
     */
    private boolean settleClaimInDoubt(Booking booking) {
        try (var ignored = MDC.putCloseable("bookingId", booking.id());
                var ignored2 = MDC.putCloseable("flightId", booking.flightIds())) {
            if (bookings.find(booking.id()).isEmpty()) {
                holds.release(booking.id(), booking.legs());
                log.info("Booking {} was not recorded after all; its hold is released", booking.id());
            } else {
                log.warn("Booking {} was recorded although its client heard an error; it keeps its hold", booking.id());
            }
            return true;
        } catch (DataAccessException e) {
            return false;
        }
    }
}
