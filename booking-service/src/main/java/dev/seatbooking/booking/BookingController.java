package dev.seatbooking.booking;

import dev.seatbooking.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BookingController {

    private final BookingService bookings;
    private final BookingCancellation cancellations;

    BookingController(BookingService bookings, BookingCancellation cancellations) {
        this.bookings = bookings;
        this.cancellations = cancellations;
    }

    /** The body goes out as stored, so a repeat under the same Idempotency-Key gets the same bytes. */
    @PostMapping("/v1/bookings")
    ResponseEntity<String> create(@RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody CreateBooking body, @AuthenticationPrincipal Jwt token, HttpServletRequest http) {
        var caller = Caller.of(token);
        var response = bookings.claim(body.forCaller(caller), caller, key, http.getRemoteAddr());
        return ResponseEntity.status(response.status()).contentType(MediaType.APPLICATION_JSON).body(response.body());
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

    @DeleteMapping("/v1/bookings/{bookingId}")
    BookingView cancel(@PathVariable @Pattern(regexp = BookingIds.PATTERN,
            message = BookingIds.PATTERN_MESSAGE) String bookingId, @AuthenticationPrincipal Jwt token) {
        return BookingView.of(cancellations.cancel(bookingId, Caller.of(token)));
    }
}
