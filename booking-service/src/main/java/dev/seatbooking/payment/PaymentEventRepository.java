package dev.seatbooking.payment;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * PSP event ids applied so far (I5). Written in the transaction of the event's effect, under the
 * booking's row lock, so two deliveries of one event cannot both take effect.
 */
@Repository
public class PaymentEventRepository {

    private final JdbcClient jdbc;

    PaymentEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean seen(String eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM payment_event WHERE event_id = :id").param("id", eventId)
                .query(Integer.class).single() > 0;
    }

    int purgeReceivedBefore(Instant instant) {
        return jdbc.sql("DELETE FROM payment_event WHERE received_at < :instant")
                .param("instant", Timestamp.from(instant)).update();
    }

    public void record(String eventId, String bookingId, String type, Instant at) {
        jdbc.sql("INSERT INTO payment_event (event_id, booking_id, type, received_at) VALUES (:id, :bookingId, :type, :at)")
                .param("id", eventId)
                .param("bookingId", bookingId)
                .param("type", type)
                .param("at", Timestamp.from(at))
                .update();
    }
}
