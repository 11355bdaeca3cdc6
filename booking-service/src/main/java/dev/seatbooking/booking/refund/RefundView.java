package dev.seatbooking.booking.refund;

import java.math.BigDecimal;

/** An operator's refund as the PSP took it, and what remains refundable of the booking's payment after it. */
record RefundView(String refundId, String bookingId, BigDecimal amount, String currency, String status,
        String reason, BigDecimal remaining, String paymentStatus) {
}
