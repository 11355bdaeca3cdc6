package dev.seatbooking.booking;

import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.PaymentSucceeded;
import dev.seatbooking.payment.PaymentUnavailable;
import dev.seatbooking.payment.RefundResult;
import dev.seatbooking.system.InventoryUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays the outbox: the work a claim or a status change wrote in its own transaction (payment
 * starts, the Redis side of a release or a cancel, refunds, intent cancels and checks, booking events
 * for subscribers) is carried out after the commit until it has taken effect, even if the process
 * died right after the commit. A payment start is handed to {@link #carryOutSoon} by its claim, so it
 * does not wait for the next round.
 * A row is leased in a short transaction, its work runs outside any transaction (every kind is
 * idempotent), then the row is marked done, or retried later with a doubling backoff. A refund is
 * never dropped (I4); a refund the PSP refuses is logged as an error and tried again.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 5;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** A payment start is tried again at least this often while its hold lives. */
    private static final Duration MAX_START_BACKOFF = Duration.ofSeconds(10);
    /** About a day of checks at the longest backoff. */
    private static final int MAX_CHECKS = 300;

    private final OutboxRepository outbox;
    private final BookingRepository bookings;
    private final PaymentGateway gateway;
    private final TransactionTemplate transactions;
    private final MeterRegistry registry;
    private final BookingPayments outcomes;
    private final SeatInventory inventory;
    private final BookingEvents events;
    private final JsonMapper json;
    private final PaymentStarter starter;
    private final TaskExecutor executor;
    private final Duration retention;
    private final Duration lease;
    private final Clock clock;

    OutboxRelay(OutboxRepository outbox, BookingRepository bookings, PaymentGateway gateway,
            TransactionTemplate transactions, MeterRegistry registry, BookingPayments outcomes,
            SeatInventory inventory, BookingEvents events, JsonMapper json, PaymentStarter starter,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor executor,
            BookingProperties properties, Clock clock) {
        this.clock = clock;
        this.starter = starter;
        this.executor = executor;
        this.outcomes = outcomes;
        this.inventory = inventory;
        this.events = events;
        this.json = json;
        this.retention = properties.outboxRetention();
        this.lease = properties.outboxLease();
        this.outbox = outbox;
        this.bookings = bookings;
        this.gateway = gateway;
        this.transactions = transactions;
        this.registry = registry;
    }

    void run() {
        try {
            List<OutboxRepository.Work> batch;
            do {
                batch = lease();
                batch.forEach(this::carryOut);
            } while (batch.size() == BATCH);
        } catch (RuntimeException e) {
            log.warn("Outbox relay round failed: {}", e.getMessage());
        }
    }

    /**
     * Carries out work this instance just committed, on Spring's task executor (a virtual thread per
     * task), without waiting for the next round; its row is due only later, so no relay takes it
     * meanwhile, and a relay does if this one fails to record the result.
     */
    void carryOutSoon(OutboxRepository.Work work) {
        executor.execute(() -> {
            try {
                carryOut(work);
            } catch (RuntimeException e) {
                log.warn("{} of {} could not record its result; a relay takes it over: {}", work.kind(),
                        work.bookingId(), e.getMessage());
            }
        });
    }

    private List<OutboxRepository.Work> lease() {
        var now = clock.instant();
        return transactions.execute(tx -> {
            var due = outbox.lockDue(now, BATCH);
            due.forEach(work -> outbox.lease(work.id(), now.plus(lease)));
            return due;
        });
    }

    private void carryOut(OutboxRepository.Work work) {
        // The scheduler's threads are pooled: whatever this work puts in the MDC goes with it.
        try (var ignored = MDC.putCloseable("bookingId", work.bookingId());
                var ignored2 = MDC.putCloseable("flightId", work.flightIds())) {
            carryOutLogged(work);
        }
    }

    private void carryOutLogged(OutboxRepository.Work work) {
        try {
            boolean done = switch (work.kind()) {
                case START_PAYMENT -> starter.start(work, nextTry(work));
                case REFUND -> refund(work, true);
                case REFUND_FOREIGN -> refund(work, false);
                case CANCEL_INTENT -> {
                    // Refused once the intent succeeded or is processing: then ask how it ends.
                    if (!gateway.cancel(work.intentId(), work.bookingId())) {
                        transactions.executeWithoutResult(tx -> outbox.add(work.bookingId(),
                                OutboxRepository.Kind.CHECK_INTENT, work.intentId(), clock.instant()));
                    }
                    yield true;
                }
                case CHECK_INTENT -> check(work);
                case RELEASE_HOLD -> eachLeg(work, leg -> inventory.release(leg.flightId(), work.bookingId()));
                case RELEASE_SALE -> eachLeg(work, leg -> inventory.releaseSale(leg.flightId(), work.bookingId()));
                case PUBLISH -> {
                    events.publish(json.readValue(work.intentId(), BookingStatusChanged.class));
                    yield true;
                }
            };
            if (done) {
                outbox.done(work.id(), clock.instant());
            } else {
                retryLater(work);
            }
        } catch (PaymentUnavailable | InventoryUnavailable e) {
            log.warn("{} of {} must wait: {}", work.kind(), work.bookingId(), e.getMessage());
            retryLater(work);
        } catch (RuntimeException e) {
            log.error("{} of {} failed; retrying later", work.kind(), work.bookingId(), e);
            retryLater(work);
        }
    }

    /** The Redis side of a release or cancel, per leg; each script is idempotent per booking. */
    private boolean eachLeg(OutboxRepository.Work work, Consumer<BookingLeg> step) {
        bookings.find(work.bookingId()).ifPresent(booking -> booking.legs().forEach(step));
        return true;
    }

    /** True when the intent has ended; a success is applied like its webhook would be. */
    private boolean check(OutboxRepository.Work work) {
        var intent = gateway.retrieve(work.intentId());
        switch (intent.outcome()) {
            case SUCCEEDED -> outcomes.succeeded(new PaymentSucceeded("check:" + work.intentId(), work.intentId(),
                    work.bookingId(), intent.amount(), intent.currency()));
            case FAILED -> {
                // Nothing was taken: nothing to give back.
            }
            case PROCESSING -> {
                if (work.attempts() < MAX_CHECKS) {
                    return false;
                }
                log.atWarn().addKeyValue("bookingId", work.bookingId())
                        .log("Intent {} of {} still processing after {} checks; its webhook must settle it",
                                work.intentId(), work.bookingId(), work.attempts());
            }
        }
        return true;
    }

    /** Done rows are kept a while for whoever investigates a booking (booking.outbox-retention, default 7d). */
    @Scheduled(fixedDelayString = "1h", initialDelayString = "10m")
    void purgeDone() {
        try {
            int purged = outbox.purgeDoneBefore(clock.instant().minus(retention));
            if (purged > 0) {
                log.info("Purged {} done outbox rows older than {}", purged, retention);
            }
        } catch (RuntimeException e) {
            log.warn("Outbox purge failed: {}", e.getMessage());
        }
    }

    /**
     * Refunds the intent; {@code own} says it is the booking's own payment, whose payment status then
     * says so (a foreign payment leaves the booking's payment alone). True once nothing is left to do.
     */
    private boolean refund(OutboxRepository.Work work, boolean own) {
        if (work.intentId() == null) {
            // No payment was ever taken for this booking: nothing to give back.
            return true;
        }
        var result = gateway.refund(work.intentId(), work.bookingId());
        registry.counter("payment.refund.total", "result", switch (result) {
            case REFUNDED -> "success";
            case NOTHING_TO_REFUND -> "nothing_taken";
            case REFUSED -> "refused";
        }).increment();
        switch (result) {
            case REFUNDED -> {
                if (own) {
                    bookings.recordPayment(work.bookingId(), work.intentId(), PaymentStatuses.REFUNDED, clock.instant());
                }
                log.info("Refunded {} (intent {}{})", work.bookingId(), work.intentId(), own ? "" : ", not its own");
            }
            case NOTHING_TO_REFUND -> log.warn("Nothing to refund for {}: intent {} took no money", work.bookingId(),
                    work.intentId());
            case REFUSED -> log.error("PSP refused the refund of {} (intent {}): retrying later; check the PSP dashboard",
                    work.bookingId(), work.intentId());
        }
        return result != RefundResult.REFUSED;
    }

    private void retryLater(OutboxRepository.Work work) {
        outbox.retryAt(work.id(), nextTry(work));
    }

    /** When failed work is tried again: a doubling backoff from 1 s. */
    private Instant nextTry(OutboxRepository.Work work) {
        var longest = work.kind() == OutboxRepository.Kind.START_PAYMENT ? MAX_START_BACKOFF : MAX_BACKOFF;
        long seconds = Math.min(longest.toSeconds(), 1L << Math.min(work.attempts(), 16));
        return clock.instant().plusSeconds(seconds);
    }
}
