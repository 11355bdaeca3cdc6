package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    void triesUntilDoneAndCountsAFailureAsNotDone() throws Exception {
        var tries = new AtomicInteger();
        var done = retries.until("test", Duration.ofMillis(10), clock.instant().plusSeconds(5), () -> {
            int attempt = tries.incrementAndGet();
            if (attempt == 1) {
                throw new IllegalStateException("Redis is out");
            }
            return attempt == 3;
        });
        assertThat(done.toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tries).hasValue(3);
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
        // Now and every 50 ms while the deadline is ahead: 5 tries (4 if the clock moved on before
        // the count was taken), each in the caller's log context.
        assertThat(tries.get()).isBetween(4, 5);
        assertThat(contexts.get()).isEqualTo(tries.get());
    }
}
