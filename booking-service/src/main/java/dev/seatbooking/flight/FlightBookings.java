package dev.seatbooking.flight;

/**
 * What a flight's cancel asks of its bookings: the port through which the flight feature reaches
 * them, answered by the booking feature, which owns them ({@code booking/cancel/FlightBookingCancellation}).
 */
public interface FlightBookings {

    /**
     * Cancels every booking on the flight that is still PENDING (its authorization voided) or
     * CONFIRMED (refunded), each once, as its customer's cancel would. Answers how many it
     * cancelled now; running it again cancels only what came since.
     */
    int cancelAll(String flightId);
}
