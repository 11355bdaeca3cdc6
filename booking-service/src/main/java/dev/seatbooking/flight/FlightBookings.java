package dev.seatbooking.flight;

/**
 * What a flight's cancel asks of its bookings: the port through which the flight feature reaches
 * them, answered by the booking feature, which owns them ({@code booking/cancel/FlightBookingCancellation}).
 */
public interface FlightBookings {

    /** How a sweep went: bookings it cancelled, and bookings still PENDING or CONFIRMED after it. */
    record Swept(int cancelled, int left) {
    }

    /**
     * Cancels every booking on the flight that is still PENDING (its authorization voided) or
     * CONFIRMED (refunded), each once, as its customer's cancel would. A booking whose cancel fails
     * now (its lock, the database) is left for the next sweep, and the others go on. Running it
     * again cancels only what is left or came since.
     */
    Swept cancelAll(String flightId);
}
