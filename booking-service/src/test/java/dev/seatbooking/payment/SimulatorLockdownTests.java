package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The payment simulator is a dev-mode tool: it does not start outside dev mode or beside a live PSP
 * key, its API key is random per run unless set, and it answers no one without that key.
 */
class SimulatorLockdownTests extends IntegrationTest {

    @Test
    void theServiceRefusesToStartTheSimulatorOutsideDevMode() {
        assertThatThrownBy(() -> startAnotherInstance("--security.dev-tokens.enabled=false"))
                .isInstanceOf(PaymentSettingsInvalid.class)
                .hasMessageContaining("simulator.enabled=true").hasMessageContaining("dev mode is off");
        var analysis = new PaymentSettingsFailureAnalyzer().analyze(new PaymentSettingsInvalid("problem", "action"));
        assertThat(analysis.getDescription()).isEqualTo("problem");
        assertThat(analysis.getAction()).isEqualTo("action");
    }

    /** Dev mode is on only as DevTokens reads its flag: "yes" leaves it off, so the simulator is refused too. */
    @Test
    void aFlagThatOnlyLooksTrueDoesNotCountAsDevMode() {
        for (String almost : new String[] {"yes", "1", "on"}) {
            assertThatThrownBy(() -> startAnotherInstance("--security.dev-tokens.enabled=" + almost))
                    .as(almost).isInstanceOf(PaymentSettingsInvalid.class).hasMessageContaining("dev mode is off");
        }
    }

    @Test
    void devModeIsRefusedBesideALivePspKey() {
        assertThatThrownBy(() -> startAnotherInstance("--simulator.enabled=false", "--payment.api-key=sk_live_0123456789"))
                .isInstanceOf(PaymentSettingsInvalid.class).hasMessageContaining("live PSP key");
    }

    @Test
    void theServiceRefusesToStartTheSimulatorBesideAPspKey() {
        assertThatThrownBy(() -> startAnotherInstance("--payment.api-key=sk_test_of_a_real_account"))
                .isInstanceOf(PaymentSettingsInvalid.class)
                .hasMessageContaining("beside a PSP key");
    }

    @Test
    void withoutTheSimulatorAPspKeyIsRequired() {
        assertThatThrownBy(() -> startAnotherInstance("--simulator.enabled=false"))
                .isInstanceOf(PaymentSettingsInvalid.class)
                .hasMessageContaining("payment.api-key");
    }

    @Test
    void theSimulatorKeyIsRandomPerRunAndTheServiceUsesIt() {
        try (var first = startAnotherInstance("--simulator.api-key=");
                var second = startAnotherInstance("--simulator.api-key=")) {
            String key = first.getEnvironment().getRequiredProperty("simulator.api-key");
            assertThat(key).startsWith("sk_test_sim_").isNotEqualTo("sk_test_simulator").isNotEqualTo(TestApi.PSP_KEY)
                    .isNotEqualTo(second.getEnvironment().getRequiredProperty("simulator.api-key"));
            assertThat(first.getEnvironment().getRequiredProperty("payment.api-key")).isEqualTo(key);

            var other = new TestApi(portOf(first));
            for (String wrong : new String[] {"sk_test_simulator", TestApi.PSP_KEY, "x"}) {
                var refused = other.getAs(wrong, "/psp/ledger");
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
            }
            assertThat(other.getAs(key, "/psp/ledger").status()).isEqualTo(200);

            // The service's own adapter pays through its simulator with the run's key.
            String flightId = other.createFlight(3);
            String bookingId = other.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null).body()
                    .path("bookingId").asString();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> "CONFIRMED".equals(bookingStatus(bookingId)));
        }
    }

    @Test
    void noSimulatorCallIsAnsweredWithoutItsKey() {
        for (String path : new String[] {"/psp/ledger", "/psp/v1/payment_intents/pi_x"}) {
            var anonymous = api.sendAnonymously(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).GET());
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.body().path("error").path("message").asString()).contains("API key");
        }
        var outage = api.postAs("sk_test_simulator", "/psp/outage?failNext=1000", null, "");
        assertThat(outage.status()).isEqualTo(401);
        // The refused outage stopped nothing: a payment still goes through.
        String flightId = api.createFlight(3);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null).body()
                .path("bookingId").asString();
        awaitStatus(bookingId, "CONFIRMED");
    }

    /** In the service the simulator still answers in Stripe's shape, not in the service's problem details. */
    @Test
    void anUnknownSimulatorPathIsAnsweredAsStripeAnswersIt() {
        for (String path : new String[] {"/psp/v1/charges", "/psp/v1/payment_intents/pi_x/nope"}) {
            var unknown = api.getAs(TestApi.PSP_KEY, path);
            assertThat(unknown.status()).as(path).isEqualTo(404);
            assertThat(unknown.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(unknown.body().path("error").path("message").asString())
                    .startsWith("Unrecognized request URL (GET: " + path.substring("/psp".length()) + ")");
        }
        var missing = api.getAs(TestApi.PSP_KEY, "/psp/v1/payment_intents/pi_missing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error").path("code").asString()).isEqualTo("resource_missing");
    }
}
