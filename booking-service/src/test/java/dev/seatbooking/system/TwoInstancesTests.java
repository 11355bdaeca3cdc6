package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two more service instances on the same Redis and database, their jobs running every 100 ms:
 * no booking is timed out, confirmed or refunded twice.
 */
class TwoInstancesTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void twoInstancesShareTheJobsAndDoEachThingOnce() {
        // In this order: a TIMEOUT the suite's own job commits between the two reads is then counted
        // on both sides of the comparison below.
        long lastEventBefore = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM booking_event").query(Long.class).single();
        double timeoutsBefore = timeouts(meters);
        try (var first = instance(); var second = instance()) {
            var api1 = new TestApi(portOf(first));
            var api2 = new TestApi(portOf(second));
            String flightId = api.createFlight(100);

            // 40 holds that lapse after 1 s, taken through both instances.
            List<String> lapsing = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                var via = i % 2 == 0 ? api1 : api2;
                lapsing.add(via.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString());
            }
            // 20 paid bookings, cancelled through the other instance: each is refunded once.
            List<String> paid = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                paid.add(api1.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null)
                        .body().path("bookingId").asString());
            }
            // Captured first (the sale captures the authorization), so each cancel refunds rather than voids.
            paid.forEach(id -> awaitPaymentStatus(id, "captured"));
            paid.forEach(id -> assertThat(api2.delete("/v1/bookings/" + id).status()).isEqualTo(200));

            lapsing.forEach(id -> awaitStatus(id, "TIMEOUT"));
            Map<String, String> intents = new HashMap<>();
            paid.forEach(id -> intents.put(id, intentOf(id)));
            await().atMost(Duration.ofSeconds(30)).until(() -> intents.values().stream().allMatch(i -> refundsOf(i) >= 1));

            for (String id : lapsing) {
                assertThat(api.get("/v1/bookings/" + id + "/events").body()).as("events of " + id).hasSize(2);
            }
            intents.values().forEach(intent -> assertThat(refundsOf(intent)).as("refunds of " + intent).isEqualTo(1));
            // Each booking counted once: the 40, and any paid one whose payment came after its
            // 1 s hold lapsed on a slow machine (then it timed out first and its late payment was
            // honoured, with its own events).
            long paidTimedOut = 0;
            for (String id : paid) {
                long timeouts = api.get("/v1/bookings/" + id + "/events").body().valueStream()
                        .filter(e -> "TIMEOUT".equals(e.path("to").asString())).count();
                assertThat(timeouts).as("TIMEOUT events of " + id).isLessThanOrEqualTo(1);
                paidTimedOut += timeouts;
            }
            // The two instances' jobs share the database with the rest of the suite, so they may
            // also time out a lapsed hold another test left behind; and the suite's own instance
            // (its job runs every 30 s) may mark one of ours. What must hold: every TIMEOUT written
            // since the instances started is counted exactly once, by whichever instance wrote it,
            // and ours are among them. (A count follows its commit by a moment: awaited.)
            long timeoutsWritten = timeoutEventsAfter(lastEventBefore);
            assertThat(timeoutsWritten).isGreaterThanOrEqualTo(40 + paidTimedOut);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    timeouts(first) + timeouts(second) + timeouts(meters) - timeoutsBefore)
                    .isEqualTo((double) timeoutEventsAfter(lastEventBefore)));
            assertThat(seatsSold(flightId)).isZero();
            assertThat(redisCounts(flightId)[1]).isZero();
        }
    }

    private ConfigurableApplicationContext instance() {
        return startAnotherInstance("--booking.hold-ttl=1s", "--booking.expiry-interval=100ms",
                "--booking.outbox-relay-interval=100ms");
    }

    private long timeoutEventsAfter(long eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM booking_event WHERE to_status = 'TIMEOUT' AND id > :after")
                .param("after", eventId).query(Long.class).single();
    }

    private static double timeouts(ConfigurableApplicationContext context) {
        return timeouts(context.getBean(MeterRegistry.class));
    }

    private static double timeouts(MeterRegistry registry) {
        var counter = registry.find("bookings.created.total").tag("status", "TIMEOUT").counter();
        return counter == null ? 0 : counter.count();
    }
}
