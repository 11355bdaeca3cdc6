package dev.seatbooking.payment;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Payments that named a booking without being its own intent for its price. The intent id is the
 * key, so however many events tell of one payment, it is recorded, and refunded, once.
 */
@Repository
public class ForeignPaymentRepository {

    private final JdbcClient jdbc;

    ForeignPaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the intent was taken for a stranger's payment (and refunded as one). */
    public boolean isForeign(String intentId) {
        return jdbc.sql("SELECT COUNT(*) FROM foreign_payment WHERE intent_id = :intentId").param("intentId", intentId)
                .query(Integer.class).single() > 0;
    }

    /** True when this payment was not known yet: the caller refunds it, in the same transaction's outbox. */
    public boolean record(PaymentSucceeded payment, Instant now) {
        return jdbc.sql("""
                INSERT INTO foreign_payment (intent_id, booking_id, amount, currency, received_at)
                VALUES (:intentId, :bookingId, :amount, :currency, :now)
                ON CONFLICT (intent_id) DO NOTHING
                """)
                .param("intentId", payment.intentId())
                .param("bookingId", payment.bookingId())
                .param("amount", payment.amount())
                .param("currency", payment.currency().length() > 3 ? "?" : payment.currency())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }
}
