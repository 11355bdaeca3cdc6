package dev.seatbooking.booking;

import java.time.Instant;

/** A booking changed status; what {@link BookingEvents} subscribers receive. {@code from} is null for a new booking. */
public record BookingStatusChanged(String bookingId, BookingStatus from, BookingStatus to, String cause, Instant at) {
}
