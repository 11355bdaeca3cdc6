package dev.seatbooking.booking;

import dev.seatbooking.payment.ForeignPaymentRepository;
import dev.seatbooking.payment.PaymentAttempt;
import dev.seatbooking.payment.PaymentFailed;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.PaymentOutcome;
import dev.seatbooking.payment.PaymentRequest;
import dev.seatbooking.payment.PaymentSucceeded;
import dev.seatbooking.payment.PaymentTracing;
import dev.seatbooking.payment.PaymentUnavailable;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * PAY: starts the payment of a new booking off the request thread, so {@code POST /v1/bookings}
 * answers 201 without waiting for the PSP, and never inside a transaction. If the PSP cannot be
 * reached, or the database is out, the start is retried under the same idempotency key (so never
 * charged twice) with a doubling backoff while the hold lives; after that the booking times out as usual.
 */
@Component
class PaymentStarter {

    private static final Logger log = LoggerFactory.getLogger(PaymentStarter.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final PaymentGateway gateway;
    private final BookingPayments outcomes;
    private final BookingRepository bookings;
    private final OutboxRepository outbox;
    private final ForeignPaymentRepository foreignPayments;
    private final TransactionTemplate transactions;
    private final PaymentTracing tracing;
    private final JsonMapper json;
    /** Bookings whose start runs in this process, so a resumed start never runs beside its original. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    // Carries the claim's observation (its trace) to the start, so the PSP call is part of the booking's trace.
    private final ExecutorService starts = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
            ContextSnapshotFactory.builder().build()::captureAll);

    PaymentStarter(PaymentGateway gateway, BookingPayments outcomes, BookingRepository bookings, OutboxRepository outbox,
            ForeignPaymentRepository foreignPayments, TransactionTemplate transactions, PaymentTracing tracing,
            JsonMapper json, Clock clock) {
        this.clock = clock;
        this.json = json;
        this.foreignPayments = foreignPayments;
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.bookings = bookings;
        this.outbox = outbox;
        this.transactions = transactions;
        this.tracing = tracing;
    }

    void start(Booking booking) {
        running.add(booking.id());
        starts.submit(() -> {
            try (var ignored = MDC.putCloseable("bookingId", booking.id());
                    var ignored2 = MDC.putCloseable("flightId", booking.flightIds())) {
                try {
                    tracing.aroundPaymentStart(booking.id(), trace -> startWithRetries(booking, trace));
                } catch (RuntimeException e) {
                    // A bug or a request the PSP can never take: release the seats rather than sit on them.
                    log.error("Payment start of {} failed; the booking fails and its seats go back", booking.id(), e);
                    outcomes.startFailed(booking.id(), "start_error");
                }
            } finally {
                running.remove(booking.id());
            }
        });
    }

    /**
     * Resumes a start that stopped between its mark and its record (the process died): the same
     * request under the same key, so the PSP answers with the intent it made then, or makes it now.
     */
    void resume(Booking booking, Map<String, String> trace) {
        if (!running.add(booking.id())) {
            return; // still running in this process after all
        }
        starts.submit(() -> {
            try (var ignored = MDC.putCloseable("bookingId", booking.id());
                    var ignored2 = MDC.putCloseable("flightId", booking.flightIds())) {
                log.warn("Payment start of {} was interrupted before it recorded its intent; resuming it", booking.id());
                startWithRetries(booking, trace);
            } catch (RuntimeException e) {
                log.error("Resumed payment start of {} failed; the next round tries again", booking.id(), e);
            } finally {
                running.remove(booking.id());
            }
        });
    }

    private void startWithRetries(Booking booking, Map<String, String> trace) {
        var request = new PaymentRequest(booking.id(), booking.flightIds(), booking.totalPrice(), booking.currency(),
                booking.paymentMethod(), trace);
        String traceJson = json.writeValueAsString(trace);
        var backoff = FIRST_RETRY;
        // The PSP's answer, kept when recording it fails: the retry records that same intent, even
        // if the booking ended meanwhile (then its intent is checked, and confirmed or refunded), and
        // the start never gives up while it holds it: only this process knows the intent.
        PaymentAttempt attempt = null;
        while (true) {
            try {
                // Also marks the row at every attempt, so no other instance takes the start as stalled.
                boolean waiting = bookings.markPaymentStarting(booking.id(), traceJson, clock.instant());
                if (attempt == null) {
                    if (!waiting) {
                        // Ended (cancelled) before the payment could start: charge nothing. An earlier
                        // try may have reached the PSP all the same, so events naming the booking are
                        // no longer waited for: a payment they report is refunded as a stranger's.
                        abandon(booking);
                        log.info("Payment of {} not started: the booking is no longer waiting for it", booking.id());
                        return;
                    }
                    attempt = gateway.start(request);
                }
                if (!recordIntent(booking, attempt)) {
                    return;
                }
                log.info("Payment of {} started: intent {} {}", booking.id(), attempt.intentId(), attempt.pspStatus());
                applyReply(booking, attempt);
                return;
            } catch (PaymentUnavailable | DataAccessException | TransactionException e) {
                // The PSP or the database is out for a moment: the same start is retried under the same key.
                if (attempt == null && !clock.instant().plus(backoff).isBefore(booking.holdExpiresAt())) {
                    log.warn("Payment of {} could not start; giving up as its hold lapses at {}", booking.id(),
                            booking.holdExpiresAt());
                    abandon(booking);
                    return;
                }
                log.warn("Payment of {} could not {}; retrying in {} ms: {}", booking.id(),
                        attempt == null ? "start" : "record its intent " + attempt.intentId(), backoff.toMillis(),
                        e.getMessage());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Records the intent the PSP made, under the booking's row lock. A booking that moved on while
     * the PSP answered (its hold lapsed, or the customer cancelled) no longer waits for a webhook:
     * its intent is checked (a processing one of a cancelled booking cancelled first) until it ends,
     * so a payment that succeeds after all is confirmed or refunded even if no webhook comes (I4).
     * False when the intent is not to be the booking's: a start so late that its intent's event came
     * first, a minute past the hold, and was taken for a stranger's (and is refunded as one).
     */
    private boolean recordIntent(Booking booking, PaymentAttempt attempt) {
        if (attempt.intentId() == null) {
            return true; // refused before the PSP made an intent: applyReply fails the booking
        }
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            var now = clock.instant();
            var current = bookings.lock(booking.id()).orElseThrow();
            if (foreignPayments.isForeign(attempt.intentId())) {
                bookings.abandonPaymentStart(booking.id(), now);
                log.error("Intent {} of {} came back after its event was taken for a stranger's payment; it is refunded",
                        attempt.intentId(), booking.id());
                return false;
            }
            bookings.recordStartedPayment(booking.id(), attempt.intentId(), attempt.pspStatus(), now);
            if (current.status() != BookingStatus.PENDING) {
                var followUp = current.status() == BookingStatus.CANCELLED && attempt.outcome() == PaymentOutcome.PROCESSING
                        ? OutboxRepository.Kind.CANCEL_INTENT : OutboxRepository.Kind.CHECK_INTENT;
                outbox.add(booking.id(), followUp, attempt.intentId(), now);
                log.info("Booking {} is {} by the time its intent {} is known: {} queued", booking.id(),
                        current.status(), attempt.intentId(), followUp);
            }
            return true;
        }));
    }

    /** The start gives up: no intent will be recorded, so events naming the booking are no longer waited for. */
    private void abandon(Booking booking) {
        try {
            bookings.abandonPaymentStart(booking.id(), clock.instant());
        } catch (RuntimeException e) {
            // The start's mark lapses by itself a minute after the hold.
            log.warn("Could not record that the payment start of {} gave up: {}", booking.id(), e.getMessage());
        }
    }

    /**
     * The PSP's reply drives the booking like a webhook would; whichever comes first wins. If it
     * cannot be applied now (Redis or the database is out), the webhook applies the same outcome
     * later, or the intent check does once the hold lapses: the payment itself is fine. A start the
     * PSP refused before making an intent has no webhook to come: if its failure cannot be recorded
     * now, the booking keeps its hold until it lapses and times out.
     */
    private void applyReply(Booking booking, PaymentAttempt attempt) {
        String syntheticEventId = "reply:" + attempt.intentId();
        try {
            if (attempt.intentId() == null) {
                outcomes.startFailed(booking.id(), attempt.pspStatus());
                return;
            }
            switch (attempt.outcome()) {
                case SUCCEEDED -> outcomes.succeeded(new PaymentSucceeded(syntheticEventId, attempt.intentId(), booking.id(),
                        attempt.amount(), attempt.currency()));
                case FAILED -> outcomes.failed(new PaymentFailed(syntheticEventId, attempt.intentId(), booking.id(),
                        attempt.pspStatus()));
                case PROCESSING -> {
                    // The webhook brings the outcome.
                }
            }
        } catch (RuntimeException e) {
            log.warn("PSP reply for {} ({}) not applied now; its webhook will be: {}", booking.id(), attempt.outcome(),
                    e.getMessage());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a payment start", e);
        }
    }
}
