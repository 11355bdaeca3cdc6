package dev.seatbooking.booking;

import java.util.List;

/**
 * One page of a caller's bookings: newest first, the page asked for (from 0), its size, and how
 * many bookings the caller has in all.
 */
record BookingPage(List<BookingView> bookings, int page, int size, long totalBookings) {
}
