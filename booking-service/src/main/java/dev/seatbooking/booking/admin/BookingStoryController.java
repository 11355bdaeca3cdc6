package dev.seatbooking.booking.admin;

import dev.seatbooking.booking.BookingIds;
import dev.seatbooking.booking.BookingNotFound;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingView;
import dev.seatbooking.booking.refund.RefundRecords;
import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.payment.PaymentAmounts;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/admin/bookings/{id}}: any booking's story, for operators (role admin). */
@RestController
class BookingStoryController {

    private final BookingRepository bookings;
    private final RefundRecords refunds;
    private final Outbox outbox;

    BookingStoryController(BookingRepository bookings, RefundRecords refunds, Outbox outbox) {
        this.bookings = bookings;
        this.refunds = refunds;
        this.outbox = outbox;
    }

    @GetMapping("/v1/admin/bookings/{bookingId}")
    BookingStory story(@PathVariable @Pattern(regexp = BookingIds.PATTERN, message = BookingIds.PATTERN_MESSAGE)
            String bookingId) {
        var booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFound(bookingId));
        var digits = PaymentAmounts.fractionDigits(booking.currency());
        var refunded = refunds.ofBooking(bookingId).stream().map(r -> new BookingStory.Refund(r.refundId(),
                BigDecimal.valueOf(r.amount()).movePointLeft(digits), r.status(), r.reason(), r.createdAt(),
                r.updatedAt())).toList();
        return new BookingStory(BookingView.of(booking), bookings.events(bookingId), refunded,
                outbox.workOf(bookingId));
    }
}
