package dev.seatbooking.booking;

import dev.seatbooking.security.Caller;
import dev.seatbooking.system.Paging;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A booking as its owner (or an admin) reads it; the steps that change it have controllers of their own. */
@RestController
class BookingController {

    private final BookingLookup bookings;

    BookingController(BookingLookup bookings) {
        this.bookings = bookings;
    }

    @GetMapping("/v1/bookings")
    BookingPage mine(@RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(Paging.MAX_SIZE) int size,
            @AuthenticationPrincipal Jwt token) {
        return bookings.mine(Caller.of(token), page, size);
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
