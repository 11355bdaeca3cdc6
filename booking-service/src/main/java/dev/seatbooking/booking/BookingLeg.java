package dev.seatbooking.booking;

/** The seats a booking takes on one flight. */
public record BookingLeg(String flightId, int seats) {
}
