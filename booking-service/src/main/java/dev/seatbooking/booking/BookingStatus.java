package dev.seatbooking.booking;

/** A booking's status; DESIGN section 4 lists the transitions between them. */
public enum BookingStatus {
    PENDING, CONFIRMED, FAILED, TIMEOUT, CANCELLED, REFUNDED
}
