package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatbooking.booking.BookingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClaimAdmissionTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void claimsBeyondTheLimitWaitTheirTurnAndGiveUpAfterTheTimeout() throws Exception {
        var admission = new ClaimAdmission(properties(1, Duration.ofMillis(300)), registry);
        var inside = new CountDownLatch(1);
        var leave = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = pool.submit(() -> admission.inTurn(() -> {
                inside.countDown();
                await(leave);
                return "first";
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            // The only turn is taken: a second claim waits, then answers 503 SERVICE_BUSY.
            long started = System.nanoTime();
            assertThatThrownBy(() -> admission.inTurn(() -> "second"))
                    .isInstanceOf(ClaimAdmission.ServiceBusy.class)
                    .extracting("error").isEqualTo("SERVICE_BUSY");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            // One that waits while the turn is given back gets it.
            var third = pool.submit(() -> admission.inTurn(() -> "third"));
            Thread.sleep(50);
            assertThat(registry.get("booking.claims.waiting").gauge().value()).isEqualTo(1);
            leave.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo("third");
        }
    }

    private static BookingProperties properties(int maxConcurrentClaims, Duration queueTimeout) {
        return new BookingProperties(Duration.ofMinutes(5), Duration.ofSeconds(30), true, Duration.ofMinutes(2),
                maxConcurrentClaims, queueTimeout, Duration.ofSeconds(30));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
