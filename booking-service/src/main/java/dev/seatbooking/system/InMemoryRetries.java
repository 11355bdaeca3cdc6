package dev.seatbooking.system;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Work with no commit behind it, retried in memory until it is done or its deadline passes:
 * releasing the holds of a claim that failed or is in doubt (the database itself may be what
 * failed, so the outbox cannot carry it), or noting an answered key in Redis. Resilience4j Retry
 * paces the tries on a scheduler, so no thread sleeps while it waits. Work that a commit stands
 * behind goes through the outbox instead, which survives a restart.
 */
@Component
public class InMemoryRetries implements DisposableBean {

    private final Clock clock;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("in-memory-retries").daemon().factory());
    /** A try may block on Redis or the database for its timeout: each runs on its own virtual thread. */
    private final ExecutorService tries = Executors.newVirtualThreadPerTaskExecutor();

    InMemoryRetries(Clock clock) {
        this.clock = clock;
    }

    /**
     * Tries {@code attempt} now and then every {@code interval} until it answers true (done) or
     * {@code deadline} passes, with the caller's log context. Completes with whether it was done;
     * an exception counts as not done.
     */
    public CompletionStage<Boolean> until(String name, Duration interval, Instant deadline, BooleanSupplier attempt) {
        long fits = Duration.between(clock.instant(), deadline).toMillis() / Math.max(1, interval.toMillis());
        var retry = Retry.of(name, RetryConfig.<Boolean>custom()
                .maxAttempts((int) Math.clamp(fits + 1, 1, Integer.MAX_VALUE))
                .waitDuration(interval)
                .retryOnResult(done -> !done)
                .failAfterMaxAttempts(false)
                .build());
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        return Retry.decorateCompletionStage(retry, scheduler, () -> CompletableFuture.supplyAsync(() -> {
                    if (logContext != null) {
                        MDC.setContextMap(logContext);
                    }
                    try {
                        return attempt.getAsBoolean();
                    } catch (RuntimeException e) {
                        return false;
                    } finally {
                        MDC.clear();
                    }
                }, tries))
                .get();
    }

    /** A stopping instance drops the retries it still had, as a dying one would. */
    @Override
    public void destroy() {
        scheduler.shutdownNow();
        tries.shutdownNow();
    }
}
