package dev.seatbooking.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatbooking.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class SeatsSoldConstraintTests extends IntegrationTest {

    @Test
    void databaseNeverRecordsMoreSeatsSoldThanTheFlightHas() { // I1
        String flightId = api.createFlight(2);

        assertThatThrownBy(() -> jdbc.sql("UPDATE flight SET seats_sold = 3 WHERE id = :id").param("id", flightId).update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("UPDATE flight SET seats_sold = -1 WHERE id = :id").param("id", flightId).update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.sql("UPDATE flight SET seats_sold = 2 WHERE id = :id").param("id", flightId).update()).isEqualTo(1);
    }
}
