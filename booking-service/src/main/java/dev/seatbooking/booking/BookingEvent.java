package dev.seatbooking.booking;

import java.time.Instant;

/** One status change of a booking; {@code from} is null for the first. */
public record BookingEvent(BookingStatus from, BookingStatus to, String cause, Instant at) {
}
