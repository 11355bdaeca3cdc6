package dev.seatbooking.booking.refund;

import dev.seatbooking.booking.PaymentStatuses;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The refunds of bookings' own payments ({@code booking_refund}), one row per PSP refund. */
@Repository
public class RefundRecords {

    /** Statuses of a refund that gives, or will give, the money back; the others (failed, canceled) never will. */
    private static final List<String> ALIVE = List.of("pending", "succeeded", "requires_action");
    /** A refund's statuses in the order it goes through them; events may come in any order. */
    private static final List<String> ORDER = List.of("pending", "requires_action", "succeeded", "failed", "canceled");

    private final JdbcClient jdbc;

    RefundRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the refund as it stands now; the status it had before, or null if it is new. */
    @Nullable String record(String refundId, String bookingId, long amount, String status, Instant now) {
        var before = jdbc.sql("SELECT status FROM booking_refund WHERE refund_id = :id FOR UPDATE")
                .param("id", refundId).query(String.class).optional().orElse(null);
        if (before == null) {
            jdbc.sql("""
                    INSERT INTO booking_refund (refund_id, booking_id, amount, status, created_at, updated_at)
                    VALUES (:id, :bookingId, :amount, :status, :now, :now)""")
                    .param("id", refundId).param("bookingId", bookingId).param("amount", amount)
                    .param("status", status).param("now", Timestamp.from(now))
                    .update();
        } else if (rank(status) > rank(before)) {
            // Only forward: the PSP's events come in any order, so a late "pending" copy does not undo a
            // "succeeded", and a failed refund is final (Stripe's rule).
            jdbc.sql("UPDATE booking_refund SET status = :status, updated_at = :now WHERE refund_id = :id")
                    .param("id", refundId).param("status", status).param("now", Timestamp.from(now)).update();
        }
        return before;
    }

    private static int rank(String status) {
        int rank = ORDER.indexOf(status);
        return rank < 0 ? 0 : rank;
    }

    /** Marks the refund as the operator's, asked with {@code requestKey} for {@code reason}; true if it is so now. */
    boolean markOperators(String refundId, String requestKey, String reason) {
        return jdbc.sql("""
                UPDATE booking_refund SET reason = :reason, request_key = :key
                WHERE refund_id = :id AND request_key IS NULL""")
                .param("id", refundId).param("reason", reason).param("key", requestKey).update() == 1;
    }

    /** A refund as recorded; {@code amount} in the currency's smallest unit, {@code reason} only an operator's has. */
    public record RecordedRefund(String refundId, long amount, String status, @Nullable String reason,
            Instant createdAt, Instant updatedAt) {
    }

    /** The booking's refunds, oldest first. */
    public List<RecordedRefund> ofBooking(String bookingId) {
        return jdbc.sql("""
                SELECT refund_id, amount, status, reason, created_at, updated_at FROM booking_refund
                WHERE booking_id = :id ORDER BY created_at, refund_id""")
                .param("id", bookingId)
                .query((rs, n) -> new RecordedRefund(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** An operator's refund as recorded: what a retry under its Idempotency-Key is answered with. */
    record OperatorsRefund(String refundId, long amount, String status, String reason) {
    }

    /**
     * The refund an operator asked for with this Idempotency-Key before, if any: the first, should a
     * retry after the PSP forgot the key (Stripe keeps keys 24 hours) have made a second.
     */
    Optional<OperatorsRefund> askedBefore(String bookingId, String requestKey) {
        return jdbc.sql("""
                SELECT refund_id, amount, status, reason FROM booking_refund
                WHERE booking_id = :id AND request_key = :key ORDER BY created_at, refund_id""")
                .param("id", bookingId).param("key", requestKey)
                .query((rs, n) -> new OperatorsRefund(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .list().stream().findFirst();
    }

    /** Whether a refund in this status has ended for good without giving the money back. */
    static boolean isFinal(String status) {
        return !ALIVE.contains(status);
    }

    /** What the booking's refunds that did not fail give back, in the smallest unit. */
    long refunding(String bookingId) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM booking_refund WHERE booking_id = :id AND status IN (:alive)")
                .param("id", bookingId).param("alive", ALIVE).query(Long.class).single();
    }

    /**
     * The booking's payment status after its refunds changed: pending while any is; refunded once
     * they give back all that was paid; else refund_failed when its latest refund failed (final on
     * Stripe: until an operator makes a new one), partially_refunded when it did not.
     */
    String paymentStatus(String bookingId, long paid) {
        var pending = jdbc.sql("""
                SELECT COUNT(*) FROM booking_refund WHERE booking_id = :id AND status IN ('pending', 'requires_action')""")
                .param("id", bookingId).query(Integer.class).single();
        if (pending > 0) {
            return PaymentStatuses.REFUND_PENDING;
        }
        if (refunding(bookingId) >= paid) {
            return PaymentStatuses.REFUNDED;
        }
        String latest = jdbc.sql("""
                SELECT status FROM booking_refund WHERE booking_id = :id ORDER BY created_at DESC, refund_id DESC LIMIT 1""")
                .param("id", bookingId).query(String.class).single();
        return isFinal(latest) ? PaymentStatuses.REFUND_FAILED : PaymentStatuses.PARTIALLY_REFUNDED;
    }
}
