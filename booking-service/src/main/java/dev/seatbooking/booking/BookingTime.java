package dev.seatbooking.booking;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Booking times have millisecond precision, as Redis expiries do, so a read shows what a write answered. */
final class BookingTime {

    private BookingTime() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
