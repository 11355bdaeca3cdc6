package dev.seatbooking;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Database triggers the tests install to make a step of the service fail, once per database. */
final class TestTriggers {

    private TestTriggers() {
    }

    /**
     * A {@code BEFORE UPDATE} trigger named {@code name} on {@code table} running {@code body}
     * (PL/pgSQL between BEGIN and END): the function is replaced every time, the trigger created once.
     */
    static synchronized void beforeUpdate(JdbcClient jdbc, String name, String table, String body) {
        jdbc.sql("CREATE OR REPLACE FUNCTION " + name + "() RETURNS trigger AS $$\nBEGIN\n" + body
                + "\nEND $$ LANGUAGE plpgsql").update();
        boolean installed = jdbc.sql("SELECT COUNT(*) FROM pg_trigger WHERE tgname = :name").param("name", name)
                .query(Integer.class).single() > 0;
        if (!installed) {
            jdbc.sql("CREATE TRIGGER " + name + " BEFORE UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION "
                    + name + "()").update();
        }
    }
}
