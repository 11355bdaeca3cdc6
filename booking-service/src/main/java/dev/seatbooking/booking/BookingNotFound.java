package dev.seatbooking.booking;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

public class BookingNotFound extends ApiProblem {

    public BookingNotFound(String bookingId) {
        super(HttpStatus.NOT_FOUND, "BOOKING_NOT_FOUND", "No booking " + bookingId);
    }
}
