package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Grafana cannot be installed here, so the dashboard's structure is checked as provisioning reads
 * it: a uid and title, no fixed id, a Prometheus datasource variable that every panel and query uses,
 * and panels that each query something.
 */
class GrafanaDashboardTests {

    private final JsonNode dashboard = OpsArtefacts.dashboard();

    @Test
    void isAProvisioningDashboardWithADatasourceVariable() {
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(dashboard.path("title").asString()).isNotBlank();
        assertThat(dashboard.path("id").isNull() || dashboard.path("id").isMissingNode()).isTrue();
        assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
        assertThat(dashboard.path("templating").path("list").valueStream()
                .filter(v -> v.path("name").asString().equals("datasource")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.path("type").asString()).isEqualTo("datasource");
                    assertThat(v.path("query").asString()).isEqualTo("prometheus");
                });
    }

    @Test
    void everyPanelQueriesThroughTheDatasourceVariable() {
        var panels = OpsArtefacts.panels(dashboard).stream().filter(p -> !"row".equals(p.path("type").asString())).toList();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        assertThat(panels).allSatisfy(panel -> {
            assertThat(panel.path("title").asString()).isNotBlank();
            assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.path("targets").isEmpty()).as(panel.path("title").asString()).isFalse();
            panel.path("targets").forEach(target -> {
                assertThat(target.path("expr").asString()).isNotBlank();
                assertThat(target.path("refId").asString()).isNotBlank();
                assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            });
        });
        assertThat(panels.stream().map(p -> p.path("id").asInt()).distinct()).hasSameSizeAs(panels);
    }

    @Test
    void coversWhatTheRunbookPromises() {
        String expressions = String.join("\n", OpsArtefacts.dashboardExpressions());
        assertThat(expressions).contains("bookings_total", "booking_claim_total", "booking_claim_duration_seconds_bucket",
                "booking_confirm_total", "booking_confirm_duration_seconds_bucket", "inventory_seats_available",
                "inventory_seats_held", "inventory_drift_total", "payment_webhook_total", "payment_refund_total",
                "resilience4j_circuitbreaker_state");
    }
}
