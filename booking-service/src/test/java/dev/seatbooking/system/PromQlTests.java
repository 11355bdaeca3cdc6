package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTests {

    @Test
    void findsTheMetricsOfARatioAndSkipsLabelsFunctionsAndKeywords() {
        assertThat(PromQl.metricNames("""
                sum(rate(booking_claim_total{result="error"}[5m])) / sum(rate(booking_claim_total[5m])) > 0.10
                and sum by (flight) (rate(booking_claim_total[5m])) > 0"""))
                .containsExactly("booking_claim_total");
    }

    @Test
    void findsEveryMetricOfAJoinAndIgnoresGrafanaVariables() {
        assertThat(PromQl.metricNames("""
                histogram_quantile(0.99, sum by (le) (rate(booking_claim_duration_seconds_bucket{flight=~"$flight"}[$__rate_interval])))
                or on (instance) up{job="booking-service"} == 0 unless ignoring (state) outbox_backlog offset 5m"""))
                .containsExactly("booking_claim_duration_seconds_bucket", "outbox_backlog", "up");
    }
}
