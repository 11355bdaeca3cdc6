package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.SeatInventory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MetricsAndHealthTests extends IntegrationTest {

    @Autowired
    SeatInventory inventory;

    @Test
    void claimOutcomesShowUnderTheSourceDesignsNames() throws Exception {
        String flightId = api.createFlight(1);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        api.claim(TestApi.newUserId(), flightId, 1);
        api.delete("/v1/bookings/" + bookingId);
        inventory.claim(flightId, "BKMETRIC01", 1, Duration.ofMillis(20));
        Thread.sleep(50);
        inventory.read(flightId);

        String scrape = api.get("/actuator/prometheus").raw();

        assertThat(scrape).contains(
                "booking_claim_total{reason=\"NONE\",result=\"success\"}",
                "booking_claim_total{reason=\"NO_SEATS\",result=\"failure\"}",
                "booking_claim_duration_seconds_bucket{result=\"success\"",
                "booking_release_total{result=\"success\"}",
                "booking_release_total{result=\"expired\"}",
                "booking_release_duration_seconds_count{result=\"success\"}",
                // bookings.created.total: OpenMetrics reserves the _created suffix, so the Prometheus
                // client exposes it as bookings_total (docs/metrics.md).
                "bookings_total{status=\"PENDING\"}",
                "bookings_total{status=\"CANCELLED\"}");
        var created = api.get("/actuator/metrics/bookings.created.total?tag=status:PENDING");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("measurements").get(0).path("value").asDouble()).isPositive();
    }

    @Test
    void healthShowsRedisAndTheDatabaseAndReadinessFollowsTheDatabase() {
        var health = api.get("/actuator/health").body();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("redis").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");

        var readiness = api.get("/actuator/health/readiness").body();
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").propertyNames()).containsExactlyInAnyOrder("db", "readinessState");
    }
}
