package dev.seatbooking.booking.stream;

import dev.seatbooking.booking.BookingIds;
import dev.seatbooking.booking.BookingLookup;
import dev.seatbooking.security.Caller;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/bookings/{id}/stream}: the booking's status as Server-Sent Events, for its owner
 * (or an admin). Read with {@code fetch} and the bearer header: a browser's EventSource cannot send
 * the header, and tokens never go into URLs.
 */
@RestController
class StatusStreamController {

    private final BookingLookup bookings;
    private final StatusStreams streams;

    StatusStreamController(BookingLookup bookings, StatusStreams streams) {
        this.bookings = bookings;
        this.streams = streams;
    }

    @GetMapping(path = "/v1/bookings/{bookingId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable @Pattern(regexp = BookingIds.PATTERN, message = BookingIds.PATTERN_MESSAGE)
            String bookingId, @AuthenticationPrincipal Jwt token) {
        return streams.open(bookings.find(bookingId, Caller.of(token)));
    }
}
