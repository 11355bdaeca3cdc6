package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.InventoryKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the alert rules and the Grafana dashboard read is one this service exports: a typo
 * or a renamed meter would otherwise leave an alert that can never fire and an empty panel.
 */
class ExportedMetricsTests extends IntegrationTest {

    /** Series Prometheus makes itself rather than scraping them. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @Test
    void everyMetricOfTheAlertsAndTheDashboardIsExported() {
        exerciseEveryMeter();
        Set<String> used = new TreeSet<>();
        OpsArtefacts.alertExpressions().values().forEach(expr -> used.addAll(PromQl.metricNames(expr)));
        OpsArtefacts.dashboardExpressions().forEach(expr -> used.addAll(PromQl.metricNames(expr)));
        used.removeAll(PROMETHEUS_OWN);
        assertThat(used).hasSizeGreaterThanOrEqualTo(15);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(exported()).containsAll(used));
    }

    @Test
    void inventoryGaugesShowEachUpcomingFlightsSeats() {
        String flightId = soonFlight(5);
        api.claim(TestApi.newUserId(), flightId, 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String scrape = api.get("/actuator/prometheus").raw();
            assertThat(scrape).contains("inventory_seats_available{flight=\"" + flightId + "\"} 3.0",
                    "inventory_seats_held{flight=\"" + flightId + "\"} 2.0");
        });
        assertThat(api.get("/actuator/prometheus").raw())
                .contains("dependency_up{dependency=\"redis\"} 1.0", "dependency_up{dependency=\"database\"} 1.0")
                .containsPattern("outbox_backlog \\d")
                .containsPattern("outbox_oldest_age_seconds \\d");
    }

    /**
     * A sale and its capture, a cancel with its refund, a void, a rejected webhook and a drift
     * repair: every counter gets a series.
     */
    private void exerciseEveryMeter() {
        String flightId = soonFlight(3);
        String sold = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null).body().path("bookingId").asString();
        awaitStatus(sold, "CONFIRMED");
        // Captured first, so the cancel refunds it rather than voids it.
        await().atMost(Duration.ofSeconds(20)).until(() -> "captured".equals(
                api.get("/v1/bookings/" + sold).body().path("paymentStatus").asString()));
        assertThat(api.delete("/v1/bookings/" + sold).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> refundsOf(intentOf(sold)) == 1);

        String voided = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null).body().path("bookingId")
                .asString();
        intentOf(voided);
        assertThat(api.delete("/v1/bookings/" + voided).status()).isEqualTo(200);

        var unsigned = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/payments/webhook"))
                .header("Content-Type", "application/json").header("Stripe-Signature", "t=1,v1=00")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unsigned.status()).isEqualTo(400);

        api.claim(TestApi.newUserId(), flightId, 1);
        redis.opsForHash().increment(InventoryKeys.of(flightId).inventory(), "held", 1);
        var repair = api.post("/v1/admin/flights/" + flightId + "/reconcile", null, "");
        assertThat(repair.body().path("repaired").path("held_count").asInt()).isEqualTo(1);
    }

    /** A flight departing before every other test's flights (two months ahead), so the inventory gauges sample it. */
    private String soonFlight(int capacity) {
        String flightId = TestApi.newFlightId();
        var created = api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":%d,"price":99.00,"currency":"EUR"}"""
                .formatted(flightId, Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), capacity));
        assertThat(created.status()).isEqualTo(201);
        return flightId;
    }

    private Set<String> exported() {
        Set<String> names = new TreeSet<>();
        var samples = SAMPLE_NAME.matcher(api.get("/actuator/prometheus").raw());
        while (samples.find()) {
            names.add(samples.group(1));
        }
        return names;
    }
}
