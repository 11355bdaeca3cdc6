package dev.seatbooking.inventory;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the database's bookings say about a flight's seats: the port through which inventory reads
 * them when it rebuilds or repairs Redis, since the database commit is the decision. The booking
 * feature owns the bookings and their statuses and answers it ({@code booking/BookedSeatsRecords});
 * inventory never reads the booking tables itself.
 */
public interface BookedSeats {

    /** What a booking's status means for its seats. */
    enum SeatState {
        /** Held for the booking until its hold expires (PENDING). */
        HELD,
        /** Sold to the booking (CONFIRMED). */
        SOLD,
        /** Neither: the booking ended without its seats, or gave them back. */
        RELEASED
    }

    record FlightCounts(int capacity, int seatsSold, FlightStatus status) {
    }

    record PendingHold(String bookingId, int seats, Instant expiresAt) {
    }

    record Sale(String bookingId, int seats) {
    }

    /** What a rebuild loads. */
    record Snapshot(FlightCounts counts, List<PendingHold> holds, List<Sale> sales) {
    }

    /**
     * The flight's capacity and seats sold, the live holds (expiring after {@code holdsExpiringAfter})
     * and the sales on it, read at one moment, also inside a caller's transaction: separate reads
     * could see a confirm commit between them, and count its seats neither as sold nor as held.
     * Empty when the database has no such flight.
     */
    Optional<Snapshot> snapshot(String flightId, Instant holdsExpiringAfter);

    /**
     * Locks the bookings and answers what each one's status means for its seats; bookings locked by
     * a running flow, and ids the database does not know, are left out. Call inside a transaction:
     * the locks last until it ends.
     */
    Map<String, SeatState> lockSeatStates(Collection<String> bookingIds);
}
