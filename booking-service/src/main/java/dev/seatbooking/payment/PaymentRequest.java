package dev.seatbooking.payment;

import java.math.BigDecimal;

/** What to charge for a booking. */
public record PaymentRequest(String bookingId, BigDecimal amount, String currency, String paymentMethod) {
}
