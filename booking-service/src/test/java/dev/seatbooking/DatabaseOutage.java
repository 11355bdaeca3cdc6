package dev.seatbooking;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.core.env.Environment;

/**
 * A database outage for as long as it is open: the service's database stops taking connections
 * and every open one is cut, as when PostgreSQL goes down. It works through a connection of its
 * own to another database, so it survives the outage it causes; that needs a superuser, as the
 * embedded server's postgres user is.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final Connection admin;
    private final String database;

    private DatabaseOutage(Connection admin, String database) {
        this.admin = admin;
        this.database = database;
    }

    public static DatabaseOutage begin(Environment environment) throws SQLException {
        String url = environment.getRequiredProperty("spring.datasource.url");
        String database = url.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        var admin = DriverManager.getConnection(url.replaceFirst("/[^/?]+(\\?|$)", "/template1$1"),
                environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", ""));
        try (var statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                    + "' AND pid <> pg_backend_pid()");
        } catch (SQLException e) {
            admin.close();
            throw e;
        }
        return new DatabaseOutage(admin, database);
    }

    /** Ends the outage: the database takes connections again. */
    @Override
    public void close() throws SQLException {
        try (admin; var statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
        }
    }
}
