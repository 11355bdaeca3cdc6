package dev.seatbooking.booking.refund;

import dev.seatbooking.system.ApiProblem;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;

/** A refund of more than remains refundable of the booking's payment. */
class RefundTooLarge extends ApiProblem {

    RefundTooLarge(String bookingId, BigDecimal asked, BigDecimal remaining, String currency) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "REFUND_EXCEEDS_REMAINING", "Booking " + bookingId + " has "
                + remaining.toPlainString() + " " + currency + " left to refund, less than the " + asked.toPlainString()
                + " asked");
    }
}
