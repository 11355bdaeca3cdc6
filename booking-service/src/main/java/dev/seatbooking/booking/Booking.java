package dev.seatbooking.booking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A booking as the database records it. {@code holdExpiresAt} is the expiry Redis set for the hold. */
public record Booking(String id, String userId, BookingStatus status, int seats, List<BookingLeg> legs,
        BigDecimal totalPrice, String currency, Instant holdExpiresAt, String paymentMethod, String paymentIntentId,
        String paymentStatus, Instant createdAt, Instant updatedAt) {

    public static Booking pending(String id, String userId, int seats, List<BookingLeg> legs, BigDecimal totalPrice,
            String currency, Instant holdExpiresAt, String paymentMethod, Instant now) {
        return new Booking(id, userId, BookingStatus.PENDING, seats, legs, totalPrice, currency, holdExpiresAt,
                paymentMethod, null, null, now, now);
    }

    /** The same booking with its legs, read apart from its row. */
    Booking withLegs(List<BookingLeg> legs) {
        return new Booking(id, userId, status, seats, legs, totalPrice, currency, holdExpiresAt, paymentMethod,
                paymentIntentId, paymentStatus, createdAt, updatedAt);
    }

    /** For log lines: the flights of the booking. */
    public String flightIds() {
        return String.join(",", legs.stream().map(BookingLeg::flightId).toList());
    }
}
