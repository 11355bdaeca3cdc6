package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The database goes away while webhooks arrive: they are not acknowledged (so the PSP delivers
 * them again), nothing is half-applied, and the redelivery after the outage takes effect once.
 * The outage: the database stops taking connections and every open one is cut (needs a superuser,
 * as the embedded server's postgres user is).
 */
class DatabaseOutageTests extends IntegrationTest {

    @Autowired
    Environment environment;

    @Test
    void webhooksDuringAnOutageAreRefusedAndTheirRedeliveryConfirmsOnce() throws Exception {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        String intentId = intentOf(bookingId);
        String event = """
                {"id":"evt_outage_%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,"livemode":false,
                 "type":"payment_intent.succeeded","data":{"object":{"id":"%s","object":"payment_intent",
                 "amount":24100,"currency":"eur","status":"succeeded","metadata":{"bookingId":"%s"}}}}"""
                .formatted(TestApi.randomText(8), Instant.now().getEpochSecond(), intentId, bookingId);

        try (var admin = adminConnection()) {
            String database = currentDatabase();
            setAcceptingConnections(admin, database, false);
            try {
                var during = deliver(event);
                assertThat(during.status()).isEqualTo(503);
                assertThat(during.error()).isEqualTo("DATABASE_UNAVAILABLE");
                assertThat(during.header("Retry-After")).isEqualTo("1");
                assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
                // Nothing was half-applied: Redis still holds the seats, sells none.
                assertThat(redisCounts(flightId)).containsExactly(5, 0, 2);
            } finally {
                setAcceptingConnections(admin, database, true);
            }
        }

        var after = deliver(event);
        assertThat(after.status()).isEqualTo(200);
        assertThat(deliver(event).status()).isEqualTo(200);
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(5, 2, 0);
    }

    private String currentDatabase() {
        return jdbc.sql("SELECT current_database()").query(String.class).single();
    }

    /** A connection of its own to another database, so it survives the outage it causes. */
    private Connection adminConnection() throws SQLException {
        String url = environment.getRequiredProperty("spring.datasource.url");
        String otherDatabase = url.replaceFirst("/[^/?]+(\\?|$)", "/template1$1");
        return DriverManager.getConnection(otherDatabase, environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", ""));
    }

    private static void setAcceptingConnections(Connection admin, String database, boolean accepting) throws SQLException {
        try (var statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS " + accepting);
            if (!accepting) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    private TestApi.Response deliver(String payload) throws Exception {
        String secret = environment.getRequiredProperty("payment.webhook-secret");
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/payments/webhook"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", Webhook.Signature.generateSignatureHeader(payload, secret,
                        Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        return api.send(request);
    }
}
