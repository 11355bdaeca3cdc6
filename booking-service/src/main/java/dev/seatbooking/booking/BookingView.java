package dev.seatbooking.booking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A booking over HTTP. */
public record BookingView(String bookingId, String userId, BookingStatus status, int seats, List<BookingLeg> legs,
        BigDecimal totalPrice, String currency, Instant holdExpiresAt, String paymentMethod, String paymentIntentId,
        String paymentStatus, Instant createdAt, Instant updatedAt) {

    public static BookingView of(Booking b) {
        return new BookingView(b.id(), b.userId(), b.status(), b.seats(), b.legs(), b.totalPrice(), b.currency(),
                b.holdExpiresAt(), b.paymentMethod(), b.paymentIntentId(), b.paymentStatus(), b.createdAt(),
                b.updatedAt());
    }
}
