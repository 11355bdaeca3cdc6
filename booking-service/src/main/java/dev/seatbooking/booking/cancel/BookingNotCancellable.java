package dev.seatbooking.booking.cancel;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** DELETE on a booking that has ended (TIMEOUT, FAILED, REFUNDED): there is nothing to cancel. */
class BookingNotCancellable extends ApiProblem {

    BookingNotCancellable(String bookingId, BookingStatus status) {
        super(HttpStatus.CONFLICT, "BOOKING_NOT_CANCELLABLE", "Booking " + bookingId + " is " + status
                + " and can no longer be cancelled");
    }
}
