package dev.seatbooking.flight;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable count of seats sold. The conditional update is the backstop of I1: whatever Redis
 * says, the database never records more seats sold than the flight has, nor a sale on a cancelled
 * flight. Call inside the transaction that confirms or cancels the booking.
 */
@Repository
public class FlightSales {

    private final JdbcClient jdbc;

    FlightSales(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the seats would pass capacity, or the flight is cancelled: nothing is recorded. */
    public boolean sell(String flightId, int seats) {
        return jdbc.sql("""
                UPDATE flight SET seats_sold = seats_sold + :seats
                WHERE id = :id AND seats_sold + :seats <= capacity AND status <> 'CANCELLED'
                """)
                .param("id", flightId)
                .param("seats", seats)
                .update() == 1;
    }

    public void unsell(String flightId, int seats) {
        jdbc.sql("UPDATE flight SET seats_sold = seats_sold - :seats WHERE id = :id AND seats_sold >= :seats")
                .param("id", flightId)
                .param("seats", seats)
                .update();
    }
}
