package dev.seatbooking.booking;

import dev.seatbooking.security.Caller;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A booking as its owner (or an admin) reads it; the steps that change it have controllers of their own. */
@RestController
class BookingController {

    private final BookingLookup bookings;

    BookingController(BookingLookup bookings) {
        this.bookings = bookings;
    }

    @GetMapping("/v1/bookings/{bookingId}")
    BookingView get(@PathVariable @Pattern(regexp = BookingIds.PATTERN, message = BookingIds.PATTERN_MESSAGE)
            String bookingId, @AuthenticationPrincipal Jwt token) {
        return BookingView.of(bookings.find(bookingId, Caller.of(token)));
    }

    @GetMapping("/v1/bookings/{bookingId}/events")
    List<BookingEvent> events(@PathVariable @Pattern(regexp = BookingIds.PATTERN,
            message = BookingIds.PATTERN_MESSAGE) String bookingId, @AuthenticationPrincipal Jwt token) {
        return bookings.events(bookingId, Caller.of(token));
    }
}
