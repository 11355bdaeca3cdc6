package dev.seatbooking.booking.cancel;

import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.flight.FlightBookings;
import dev.seatbooking.system.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Cancels the bookings of a cancelled flight, one at a time under each booking's row lock, through
 * the same steps as a customer's cancel: a PENDING booking's hold goes and its authorization is
 * voided, a CONFIRMED one is refunded and its seats given back. Each booking is cancelled once,
 * whoever runs this and however often. A claim that committed its booking after the flight's
 * status did (Redis took the status a moment later) is caught by {@link #sweepCancelledFlights},
 * which every instance runs; such a booking cannot be sold meanwhile (the database refuses a sale
 * on a cancelled flight).
 */
@Service
class FlightBookingCancellation implements FlightBookings {

    private static final Logger log = LoggerFactory.getLogger(FlightBookingCancellation.class);

    /**
     * How long after its departure a cancelled flight is still swept: the sweep's query stays
     * small, and every booking a cancel left is long cancelled by then (or, were every instance
     * down that long, needs an operator: the cancel call sweeps whatever the flight's age).
     */
    private static final Duration SWEPT_FOR = Duration.ofDays(30);

    private final BookingRepository bookings;
    private final BookingCancellation cancellation;
    private final Clock clock;

    FlightBookingCancellation(BookingRepository bookings, BookingCancellation cancellation, Clock clock) {
        this.bookings = bookings;
        this.cancellation = cancellation;
        this.clock = clock;
    }

    @Override
    public Swept cancelAll(String flightId) {
        try (var ignored = LogContext.put("flightId", flightId)) {
            int cancelled = 0;
            // At most the flight's capacity: every live booking holds or bought a seat of it.
            for (String bookingId : bookings.liveOnFlight(flightId)) {
                try {
                    if (cancellation.cancelForFlight(bookingId, flightId)) {
                        cancelled++;
                    }
                } catch (RuntimeException e) {
                    // One booking that cannot be cancelled now holds up none of the others.
                    log.atWarn().addKeyValue("bookingId", bookingId)
                            .log("Booking {} of cancelled flight {} not cancelled yet: {}", bookingId, flightId, e.getMessage());
                }
            }
            int left = bookings.liveOnFlight(flightId).size();
            if (cancelled > 0 || left > 0) {
                log.info("Flight {} cancelled: {} bookings cancelled now, each voided or refunded; {} left for the next sweep",
                        flightId, cancelled, left);
            }
            return new Swept(cancelled, left);
        }
    }

    /** Finishes the cancels of cancelled flights: a cancel interrupted, or a booking committed after it. */
    void sweepCancelledFlights() {
        List<String> flights;
        try {
            flights = bookings.cancelledFlightsWithLiveBookings(clock.instant().minus(SWEPT_FOR));
        } catch (RuntimeException e) {
            log.warn("Sweep of cancelled flights' bookings failed: {}", e.getMessage());
            return;
        }
        for (String flightId : flights) {
            try {
                cancelAll(flightId);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("flightId", flightId)
                        .log("Sweep of cancelled flight {} failed: {}", flightId, e.getMessage());
            }
        }
    }
}
