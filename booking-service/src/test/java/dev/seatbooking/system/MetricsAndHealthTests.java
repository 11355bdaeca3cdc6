package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.SeatInventory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MetricsAndHealthTests extends IntegrationTest {

    @Autowired
    SeatInventory inventory;

    @Autowired
    MeterRegistry meters;

    @Test
    void claimOutcomesAreCountedUnderTheSourceDesignsNames() throws Exception {
        double success = count("booking.claim.total", "result", "success", "reason", "NONE");
        double noSeats = count("booking.claim.total", "result", "failure", "reason", "NO_SEATS");
        double released = count("booking.release.total", "result", "success");
        double expired = count("booking.release.total", "result", "expired");
        double pending = count("bookings.created.total", "status", "PENDING");
        double cancelled = count("bookings.created.total", "status", "CANCELLED");

        String flightId = api.createFlight(1);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        api.claim(TestApi.newUserId(), flightId, 1);
        api.delete("/v1/bookings/" + bookingId);
        inventory.claim(flightId, "BKMETRIC01", 1, Duration.ofMillis(20));
        Thread.sleep(50);
        inventory.read(flightId);

        assertThat(count("booking.claim.total", "result", "success", "reason", "NONE")).isEqualTo(success + 1);
        assertThat(count("booking.claim.total", "result", "failure", "reason", "NO_SEATS")).isEqualTo(noSeats + 1);
        assertThat(count("booking.release.total", "result", "success")).isEqualTo(released + 1);
        assertThat(count("booking.release.total", "result", "expired")).isEqualTo(expired + 1);
        assertThat(count("bookings.created.total", "status", "PENDING")).isEqualTo(pending + 1);
        assertThat(count("bookings.created.total", "status", "CANCELLED")).isEqualTo(cancelled + 1);

        String scrape = api.get("/actuator/prometheus").raw();
        assertThat(scrape).contains(
                "booking_claim_total{reason=\"NONE\",result=\"success\"}",
                "booking_claim_duration_seconds_bucket{result=\"success\"",
                "booking_release_duration_seconds_count{result=\"success\"}",
                // bookings.created.total: OpenMetrics reserves the _created suffix, so the Prometheus
                // client exposes it as bookings_total (docs/metrics.md).
                "bookings_total{status=\"PENDING\"}");
    }

    private double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void healthShowsRedisAndTheDatabaseAndReadinessNeedsBoth() {
        var health = api.get("/actuator/health").body();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("redis").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");

        var readiness = api.get("/actuator/health/readiness").body();
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").propertyNames()).containsExactlyInAnyOrder("db", "readinessState");
        assertThat(api.get("/actuator/health/liveness").body().path("status").asString()).isEqualTo("UP");
    }
}
