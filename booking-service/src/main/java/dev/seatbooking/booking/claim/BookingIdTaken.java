package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.Booking;

/**
 * The id drawn for a new booking belongs to a booking already: what the claim took under it is
 * given back, and the claim runs again under a new id. Never leaves the booking feature.
 */
class BookingIdTaken extends RuntimeException {

    BookingIdTaken(String bookingId) {
        super("Booking id " + bookingId + " is taken", null, false, false);
    }
}
