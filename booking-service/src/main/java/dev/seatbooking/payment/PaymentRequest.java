package dev.seatbooking.payment;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What to charge for a booking. {@code flightIds} (comma-separated) go into the intent's metadata
 * beside the booking id, so the webhook's log lines name them too. {@code trace} holds the booking's trace headers, written into the
 * intent's metadata so the PSP's webhook comes back in the same trace ({@link PaymentTracing}).
 */
public record PaymentRequest(String bookingId, String flightIds, BigDecimal amount, String currency,
        String paymentMethod, Map<String, String> trace) {
}
