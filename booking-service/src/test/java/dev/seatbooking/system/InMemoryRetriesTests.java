package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class InMemoryRetriesTests {

    private final Clock clock = Clock.systemUTC();
    private final InMemoryRetries retries = new InMemoryRetries(clock);

    @AfterEach
    void stop() {
        retries.destroy();
    }

    @Test
    void triesAfterAnIntervalUntilDoneAndCountsAFailureAsNotDone() throws Exception {
        var tries = new AtomicInteger();
        var asked = clock.instant();
        var firstTry = new AtomicReference<Instant>();
        var done = retries.until("test", Duration.ofMillis(100), clock.instant().plusSeconds(5), () -> {
            firstTry.compareAndSet(null, clock.instant());
            int attempt = tries.incrementAndGet();
            if (attempt == 1) {
                throw new IllegalStateException("Redis is out");
            }
            return attempt == 3;
        });
        assertThat(done.toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tries).hasValue(3);
        // The caller has just failed at it: the first try waits one interval.
        assertThat(Duration.between(asked, firstTry.get())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void givesUpOnceTheDeadlinePassesAndKeepsTheCallersLogContext() throws Exception {
        var tries = new AtomicInteger();
        var contexts = new AtomicInteger();
        MDC.put("bookingId", "BK1");
        try {
            var done = retries.until("test", Duration.ofMillis(50), clock.instant().plusMillis(230), () -> {
                tries.incrementAndGet();
                if ("BK1".equals(MDC.get("bookingId"))) {
                    contexts.incrementAndGet();
                }
                return false;
            });
            assertThat(done.toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
        } finally {
            MDC.clear();
        }
        // At 50, 100, 150 and 200 ms, while the next try would come before the deadline: 4 tries
        // (3 if the machine is slow enough to push the fourth past it), each in the caller's log context.
        assertThat(tries.get()).isBetween(3, 4);
        assertThat(contexts.get()).isEqualTo(tries.get());
    }

    @Test
    void theDeadlineIsKeptByTheClockWhenATryBlocks() throws Exception {
        var tries = new AtomicInteger();
        var done = retries.until("test", Duration.ofMillis(10), clock.instant().plusMillis(200), () -> {
            tries.incrementAndGet();
            try {
                Thread.sleep(300); // a try that waits for its timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
        assertThat(done.toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(tries).hasValue(1);
    }
}
