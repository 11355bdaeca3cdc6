package dev.seatbooking.outbox;

import dev.seatbooking.system.DependencyUnavailable;
import dev.seatbooking.system.InMemoryRetries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays the outbox: each row is carried out by its kind's {@link OutboxHandler} after the commit
 * that wrote it, until it has taken effect, even if the process died right after the commit. A row
 * is leased in a short transaction, its work runs outside any transaction (every handler is
 * idempotent), then the row is marked done, or tried again later with a doubling backoff. Rows run
 * one after the other, in the order they came due, except those whose handler {@link
 * OutboxHandler#runsApart}. Work this instance just wrote for itself is handed to {@link
 * #carryOutSoon}, so it does not wait for a round.
 */
@Component
class OutboxRelay implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 5;
    /**
     * Rows running apart at once, at most: past it they run in the round, one after the other, so a
     * backlog of starts after a PSP outage does not become thousands of calls and transactions at once.
     */
    private static final int MAX_APART = 16;
    /** How often a result the database could not take is offered again, while the row is still this relay's. */
    private static final Duration RECORD_RETRY = Duration.ofSeconds(1);

    private final OutboxRepository outbox;
    private final TransactionTemplate transactions;
    private final ObjectProvider<OutboxHandler> handlerBeans;
    private final TaskExecutor executor;
    private final InMemoryRetries retries;
    private final Duration lease;
    private final Clock clock;
    /** Filled once every bean exists: the handlers use the outbox themselves. */
    private final Map<OutboxKind, OutboxHandler> handlers = new EnumMap<>(OutboxKind.class);
    private final Semaphore apart = new Semaphore(MAX_APART);

    OutboxRelay(OutboxRepository outbox, TransactionTemplate transactions, ObjectProvider<OutboxHandler> handlerBeans,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor executor,
            InMemoryRetries retries, OutboxProperties properties, Clock clock) {
        this.retries = retries;
        this.outbox = outbox;
        this.transactions = transactions;
        this.handlerBeans = handlerBeans;
        this.executor = executor;
        this.lease = properties.outboxLease();
        this.clock = clock;
    }

    /** Every kind has exactly one handler, or the service does not start. */
    @Override
    public void afterSingletonsInstantiated() {
        handlerBeans.orderedStream().forEach(handler -> handler.kinds().forEach(kind -> {
            var other = handlers.putIfAbsent(kind, handler);
            if (other != null) {
                throw new IllegalStateException("Outbox work " + kind + " has two handlers: " + other + " and " + handler);
            }
        }));
        var missing = EnumSet.allOf(OutboxKind.class);
        missing.removeAll(handlers.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Outbox work without a handler: " + missing);
        }
    }

    void run() {
        try {
            List<OutboxWork> batch;
            do {
                batch = lease();
                for (var work : batch) {
                    if (handlers.get(work.kind()).runsApart() && apart.tryAcquire()) {
                        runApart(work);
                    } else {
                        carryOut(work, false);
                    }
                }
            } while (batch.size() == BATCH);
        } catch (RuntimeException e) {
            log.warn("Outbox relay round failed: {}", e.getMessage());
        }
    }

    /**
     * Carries out work this instance just committed, on Spring's task executor (a virtual thread per
     * task), without waiting for the next round; its row is due only later, so no relay takes it
     * meanwhile. Once that lease is over, a relay takes it if it is not done, and its handler
     * decides what a try by another than its writer may do ({@link OutboxTry#rightAfterCommit}).
     */
    void carryOutSoon(OutboxWork work) {
        runOnItsOwnThread(work, true, () -> {
        });
    }

    /** A row the round leased, on a thread of its own; it holds one of the {@link #MAX_APART} places. */
    private void runApart(OutboxWork work) {
        runOnItsOwnThread(work, false, apart::release);
    }

    private void runOnItsOwnThread(OutboxWork work, boolean rightAfterCommit, Runnable whenEnded) {
        try {
            executor.execute(() -> {
                try {
                    carryOut(work, rightAfterCommit);
                } finally {
                    whenEnded.run();
                }
            });
        } catch (TaskRejectedException e) {
            // Shutting down: a relay takes the row once its lease is over.
            whenEnded.run();
            log.warn("{} of {} not run now: {}", work.kind(), work.bookingId(), e.getMessage());
        }
    }

    private List<OutboxWork> lease() {
        var now = clock.instant();
        return transactions.execute(tx -> {
            var due = outbox.lockDue(now, BATCH);
            due.forEach(work -> outbox.lease(work.id(), now.plus(leaseOf(work))));
            return due;
        });
    }

    private void carryOut(OutboxWork work, boolean rightAfterCommit) {
        // The scheduler's threads are pooled: whatever this work puts in the MDC goes with it.
        try (var ignored = MDC.putCloseable("bookingId", work.bookingId());
                var ignored2 = MDC.putCloseable("flightId", work.flightIds())) {
            carryOutLogged(work, rightAfterCommit);
        }
    }

    private void carryOutLogged(OutboxWork work, boolean rightAfterCommit) {
        var handler = handlers.get(work.kind());
        boolean done;
        try {
            done = handler.carryOut(work, new OutboxTry(rightAfterCommit, () -> nextTry(work, handler)));
        } catch (RuntimeException e) {
            if (e instanceof DependencyUnavailable) {
                log.warn("{} of {} must wait: {}", work.kind(), work.bookingId(), e.getMessage());
            } else {
                log.error("{} of {} failed; retrying later", work.kind(), work.bookingId(), e);
            }
            done = false;
        }
        // From the end of the try: a try may wait on the PSP for half a minute.
        var retryAt = nextTry(work, handler);
        try {
            record(work, done, retryAt);
        } catch (RuntimeException e) {
            // The database is out: the result is offered again until it is back, rather than the row
            // waiting for its lease to end (another relay takes it then in any case).
            log.warn("{} of {} could not record its result; trying again: {}", work.kind(), work.bookingId(),
                    e.getMessage());
            boolean finished = done;
            retries.until("outbox-result", RECORD_RETRY, clock.instant().plus(leaseOf(work)), () -> {
                record(work, finished, retryAt);
                return true;
            });
        }
    }

    private void record(OutboxWork work, boolean done, Instant retryAt) {
        if (done) {
            outbox.done(work.id(), clock.instant());
        } else {
            outbox.retryAt(work.id(), retryAt);
        }
    }

    private Duration leaseOf(OutboxWork work) {
        return handlers.get(work.kind()).lease().orElse(lease);
    }

    /** When failed work is tried again: a doubling backoff from the handler's shortest up to its longest. */
    private Instant nextTry(OutboxWork work, OutboxHandler handler) {
        long millis = Math.min(handler.longestBackoff().toMillis(),
                handler.shortestBackoff().toMillis() << Math.min(work.attempts(), 16));
        return clock.instant().plusMillis(millis);
    }
}
