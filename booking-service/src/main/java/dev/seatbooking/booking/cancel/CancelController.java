package dev.seatbooking.booking.cancel;

import dev.seatbooking.booking.BookingIds;
import dev.seatbooking.booking.BookingView;
import dev.seatbooking.security.Caller;
import jakarta.validation.constraints.Pattern;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CancelController {

    private final BookingCancellation cancellations;

    CancelController(BookingCancellation cancellations) {
        this.cancellations = cancellations;
    }

    @DeleteMapping("/v1/bookings/{bookingId}")
    BookingView cancel(@PathVariable @Pattern(regexp = BookingIds.PATTERN,
            message = BookingIds.PATTERN_MESSAGE) String bookingId, @AuthenticationPrincipal Jwt token) {
        return BookingView.of(cancellations.cancel(bookingId, Caller.of(token)));
    }
}
