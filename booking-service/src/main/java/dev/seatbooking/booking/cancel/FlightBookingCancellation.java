package dev.seatbooking.booking.cancel;

import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.flight.FlightBookings;
import dev.seatbooking.system.LogContext;
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
    private static final int BATCH = 100;

    private final BookingRepository bookings;
    private final BookingCancellation cancellation;

    FlightBookingCancellation(BookingRepository bookings, BookingCancellation cancellation) {
        this.bookings = bookings;
        this.cancellation = cancellation;
    }

    @Override
    public int cancelAll(String flightId) {
        try (var ignored = LogContext.put("flightId", flightId)) {
            int cancelled = 0;
            while (true) {
                var batch = bookings.liveOnFlight(flightId, BATCH);
                int now = 0;
                for (String bookingId : batch) {
                    if (cancellation.cancelForFlight(bookingId, flightId)) {
                        now++;
                    }
                }
                cancelled += now;
                // A batch that cancelled nothing was taken by others meanwhile (or keeps failing to):
                // the next round goes on from there.
                if (batch.size() < BATCH || now == 0) {
                    break;
                }
            }
            if (cancelled > 0) {
                log.info("Flight {} cancelled: {} bookings cancelled, each voided or refunded", flightId, cancelled);
            }
            return cancelled;
        }
    }

    /** Finishes the cancels of cancelled flights: a cancel interrupted, or a booking committed after it. */
    void sweepCancelledFlights() {
        try {
            for (String flightId : bookings.cancelledFlightsWithLiveBookings()) {
                cancelAll(flightId);
            }
        } catch (RuntimeException e) {
            log.warn("Sweep of cancelled flights' bookings failed: {}", e.getMessage());
        }
    }
}
