package dev.seatbooking.system;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Work the database cannot carry, retried in memory until it is done or its deadline passes:
 * releasing the holds of a claim that failed or is in doubt (the database itself may be what
 * failed, so the outbox cannot carry it), noting an answered key in Redis, recording what the
 * database could not take when it was asked (an outbox row's result, an intent the PSP made).
 * Resilience4j Retry paces the tries on a scheduler, so no thread sleeps while it waits. Work that
 * a commit stands behind goes through the outbox, which survives a restart.
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
     * Tries {@code attempt} every {@code interval}, the first time one interval from now (the caller
     * has just failed at it), until it answers true (done) or the next try would come after
     * {@code deadline}. Completes with whether it was done, in the caller's log context; an exception
     * counts as not done.
     */
    public CompletionStage<Boolean> until(String name, Duration interval, Instant deadline, BooleanSupplier attempt) {
        var retry = Retry.of(name, RetryConfig.<Boolean>custom()
                .maxAttempts(Integer.MAX_VALUE)
                // A try may block for its timeouts: the deadline is checked by the clock, not counted in tries.
                .retryOnResult(done -> !done && clock.instant().plus(interval).isBefore(deadline))
                .waitDuration(interval)
                .failAfterMaxAttempts(false)
                .build());
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        Executor inContext = task -> tries.execute(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        });
        Executor firstAfterInterval = CompletableFuture.delayedExecutor(interval.toMillis(), TimeUnit.MILLISECONDS, inContext);
        var first = new AtomicBoolean(true);
        Supplier<CompletionStage<Boolean>> oneTry = () -> CompletableFuture.supplyAsync(() -> {
            try {
                return attempt.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        }, first.getAndSet(false) ? firstAfterInterval : inContext);
        try {
            // Completed in the caller's log context, so what the caller does on completion logs with it.
            return Retry.decorateCompletionStage(retry, scheduler, oneTry).get()
                    .thenApplyAsync(done -> done, inContext);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e); // this instance is stopping
        }
    }

    /** A stopping instance drops the retries it still had, as a dying one would. */
    @Override
    public void destroy() {
        scheduler.shutdownNow();
        tries.shutdownNow();
    }
}
