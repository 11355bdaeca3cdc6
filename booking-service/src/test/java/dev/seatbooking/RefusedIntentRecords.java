package dev.seatbooking;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database that fails when a payment start records the intent the PSP made: while a user is
 * listed here, an update that gives one of their bookings an intent raises an error, as a database that goes away
 * between the PSP's answer and the record would. A trigger, installed once per database, reads the list.
 */
public final class RefusedIntentRecords {

    private RefusedIntentRecords() {
    }

    public static synchronized void install(JdbcClient jdbc) {
        jdbc.sql("CREATE TABLE IF NOT EXISTS test_refused_intent (user_id VARCHAR(255) PRIMARY KEY)").update();
        TestTriggers.beforeUpdate(jdbc, "test_refuse_intent", "booking", """
                IF NEW.payment_intent_id IS NOT NULL AND OLD.payment_intent_id IS NULL
                        AND EXISTS (SELECT 1 FROM test_refused_intent WHERE user_id = NEW.user_id) THEN
                    RAISE EXCEPTION 'The test refuses to record an intent for booking %', NEW.id;
                END IF;
                RETURN NEW;""");
    }

    public static void refuse(JdbcClient jdbc, String userId) {
        jdbc.sql("INSERT INTO test_refused_intent (user_id) VALUES (:id) ON CONFLICT DO NOTHING")
                .param("id", userId).update();
    }

    public static void allow(JdbcClient jdbc, String userId) {
        jdbc.sql("DELETE FROM test_refused_intent WHERE user_id = :id").param("id", userId).update();
    }
}
