package dev.seatbooking;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database that fails inside a confirm: while a flight is listed here, every update of its row
 * (the {@code seats_sold} step of a confirm or a cancel) raises an error, as a failing disk, a
 * deadlock victim or a bad migration would. A trigger, installed once per database, reads the list.
 */
public final class RefusedSales {

    private RefusedSales() {
    }

    public static synchronized void install(JdbcClient jdbc) {
        jdbc.sql("CREATE TABLE IF NOT EXISTS test_refused_sale (flight_id VARCHAR(12) PRIMARY KEY)").update();
        TestTriggers.beforeUpdate(jdbc, "test_refuse_sale", "flight", """
                IF EXISTS (SELECT 1 FROM test_refused_sale WHERE flight_id = NEW.id) THEN
                    RAISE EXCEPTION 'The test refuses updates of flight %', NEW.id;
                END IF;
                RETURN NEW;""");
    }

    public static void refuse(JdbcClient jdbc, String flightId) {
        jdbc.sql("INSERT INTO test_refused_sale (flight_id) VALUES (:id) ON CONFLICT DO NOTHING").param("id", flightId)
                .update();
    }

    public static void allow(JdbcClient jdbc, String flightId) {
        jdbc.sql("DELETE FROM test_refused_sale WHERE flight_id = :id").param("id", flightId).update();
    }
}
