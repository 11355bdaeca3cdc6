package dev.seatbooking.booking.admin;

import dev.seatbooking.booking.BookingEvent;
import dev.seatbooking.booking.BookingView;
import dev.seatbooking.outbox.OutboxEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A booking as an operator reads it: the booking, its status changes, its refunds at the PSP (in
 * the booking's currency) and the follow-up work written for it (payment start, captures, voids,
 * refunds, releases, checks), done or waiting.
 */
record BookingStory(BookingView booking, List<BookingEvent> events, List<Refund> refunds, List<OutboxEntry> work) {

    record Refund(String refundId, BigDecimal amount, String status, @Nullable String reason, Instant createdAt,
            Instant updatedAt) {
    }
}
