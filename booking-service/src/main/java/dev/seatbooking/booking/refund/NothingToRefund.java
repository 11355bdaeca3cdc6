package dev.seatbooking.booking.refund;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** A refund of a booking whose payment took no money (not captured yet, voided, or failed). */
class NothingToRefund extends ApiProblem {

    NothingToRefund(String bookingId, String paymentStatus) {
        super(HttpStatus.CONFLICT, "NOTHING_TO_REFUND", "Booking " + bookingId + " has no money to refund (payment "
                + paymentStatus + ")");
    }
}
