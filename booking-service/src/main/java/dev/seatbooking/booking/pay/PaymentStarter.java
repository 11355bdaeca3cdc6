package dev.seatbooking.booking.pay;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingProperties;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.booking.confirm.BookingPayments;
import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.payment.ForeignPaymentRepository;
import dev.seatbooking.payment.PaymentAttempt;
import dev.seatbooking.payment.PaymentFailed;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.PaymentOutcome;
import dev.seatbooking.payment.PaymentRequest;
import dev.seatbooking.payment.PaymentSucceeded;
import dev.seatbooking.payment.PaymentTracing;
import dev.seatbooking.payment.PaymentUnavailable;
import dev.seatbooking.system.InMemoryRetries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * PAY: the claim writes its booking's payment start into the outbox ({@link #queue}), in its own
 * transaction, and the start runs after the commit, off the request thread, so {@code POST
 * /v1/bookings} answers 201 without waiting for the PSP and the start is never lost: the relay
 * carries it out if this process dies first. It is the outbox's handler of START_PAYMENT. If the PSP
 * cannot be reached, or the database is out, the outbox tries again under the same idempotency key
 * (so never charged twice) while the hold lives; after that the booking times out as usual.
 */
@Component
public class PaymentStarter implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentStarter.class);
    private static final TypeReference<Map<String, String>> TRACE = new TypeReference<>() {
    };
    /** A start is tried again at least this often while its hold lives. */
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);
    private static final Duration RECORD_RETRY = Duration.ofSeconds(2);
    private static final Duration UNRECORDED_PATIENCE = Duration.ofDays(1);

    private final PaymentGateway gateway;
    private final BookingPayments outcomes;
    private final BookingRepository bookings;
    private final Outbox outbox;
    private final ForeignPaymentRepository foreignPayments;
    private final TransactionTemplate transactions;
    private final PaymentTracing tracing;
    private final JsonMapper json;
    private final BookingProperties properties;
    private final Clock clock;
    private final InMemoryRetries retries;
    /** Bookings whose intent this process holds and is recording ({@link #recordLater}). */
    private final Set<String> unrecorded = ConcurrentHashMap.newKeySet();

    PaymentStarter(PaymentGateway gateway, BookingPayments outcomes, BookingRepository bookings, Outbox outbox,
            ForeignPaymentRepository foreignPayments, TransactionTemplate transactions, PaymentTracing tracing,
            JsonMapper json, BookingProperties properties, Clock clock, InMemoryRetries retries) {
        this.retries = retries;
        this.properties = properties;
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

    /**
     * Writes the new booking's payment start, in the claim's transaction, with the claim's trace. It
     * is this instance's to run right after the commit: another instance's relay takes it only after
     * {@code booking.payment-start-lease}, if this one died first.
     */
    public OutboxWork queue(Booking booking, Instant now) {
        return outbox.addForThisInstance(booking.id(), booking.flightIds(), OutboxKind.START_PAYMENT,
                json.writeValueAsString(tracing.currentTrace()), now, now.plus(properties.paymentStartLease()));
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.START_PAYMENT);
    }

    @Override
    public Duration longestBackoff() {
        return LONGEST_BACKOFF;
    }

    @Override
    public Optional<Duration> lease() {
        return Optional.of(properties.paymentStartLease());
    }

    /** A start may wait half a minute on a slow PSP: it holds up no refund or release meanwhile. */
    @Override
    public boolean runsApart() {
        return true;
    }

    /**
     * One try of the start of {@code work}'s booking; true once nothing is left to do, false to try
     * again, under the same key and with the same request.
     */
    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        String traceJson = work.payload() == null ? "{}" : work.payload();
        Map<String, String> trace = json.readValue(traceJson, TRACE);
        try {
            return tracing.aroundPaymentStart(work.bookingId(), trace, () -> tryStart(work, traceJson, trace, attempt));
        } catch (PaymentUnavailable | DataAccessException | TransactionException e) {
            log.warn("Payment of {} could not start: its booking could not be read; trying again at {}: {}",
                    work.bookingId(), attempt.nextTry().get(), e.getMessage());
            if (attempt.rightAfterCommit()) {
                markLater(work.bookingId(), traceJson, clock.instant().plus(properties.holdTtl()));
            }
            return false;
        } catch (RuntimeException e) {
            // A bug or a request the PSP can never take: release the seats rather than sit on them.
            log.error("Payment start of {} failed; the booking fails and its seats go back", work.bookingId(), e);
            outcomes.startFailed(work.bookingId(), "start_error");
            return true;
        }
    }

    private boolean tryStart(OutboxWork work, String traceJson, Map<String, String> trace, OutboxTry attempt) {
        // Its claim's transaction wrote the booking with this work.
        var booking = bookings.find(work.bookingId()).orElseThrow();
        if (booking.paymentIntentId() != null) {
            return true; // an earlier try recorded its intent; only its end was not recorded
        }
        boolean begun = attempt.rightAfterCommit() || work.attempts() > 0
                || PaymentStatuses.STARTING.equals(booking.paymentStatus());
        if (!begun) {
            // The instance that took the claim stopped before the start began, or the claim failed
            // after its commit: its client may never have heard of the booking, so nobody is charged
            // for it now. The booking times out when its hold lapses.
            log.warn("Payment of {} was never started by the instance that took its claim; it is not started now",
                    booking.id());
            return true;
        }
        if (unrecorded.contains(booking.id())) {
            return false; // this process is recording the intent the PSP made: no need to ask it again
        }
        if (!attempt.rightAfterCommit() && work.attempts() == 0) {
            log.warn("Payment start of {} was interrupted before it recorded its intent; resuming it", booking.id());
        }
        PaymentAttempt answer = null;
        boolean marked = false;
        try {
            boolean waiting = bookings.markPaymentStarting(booking.id(), traceJson, clock.instant());
            marked = true;
            if (!waiting || !clock.instant().isBefore(booking.holdExpiresAt())) {
                // Ended (cancelled, timed out) or lapsed before the payment could start: charge
                // nothing. An earlier try may have reached the PSP all the same, so events naming the
                // booking are no longer waited for: a payment they report is refunded as a stranger's.
                abandon(booking);
                log.info("Payment of {} not started: the booking is no longer waiting for it", booking.id());
                return true;
            }
            answer = gateway.start(new PaymentRequest(booking.id(), booking.flightIds(), booking.totalPrice(),
                    booking.currency(), booking.paymentMethod(), trace));
            recordAndApply(booking, answer);
            return true;
        } catch (PaymentUnavailable | DataAccessException | TransactionException e) {
            if (answer != null) {
                recordLater(booking, answer, e);
                return false; // and should this process die, the next try asks the PSP again, under the same key
            }
            // The PSP or the database is out for a moment: the same start is tried again under the same key.
            if (!marked && attempt.rightAfterCommit()) {
                markLater(booking.id(), traceJson, booking.holdExpiresAt());
            }
            var next = attempt.nextTry().get();
            if (!next.isBefore(booking.holdExpiresAt())) {
                log.warn("Payment of {} could not start; giving up as its hold lapses at {}", booking.id(),
                        booking.holdExpiresAt());
                abandon(booking);
                return true;
            }
            log.warn("Payment of {} could not start; trying again at {}: {}", booking.id(), next, e.getMessage());
            return false;
        }
    }

    private void recordAndApply(Booking booking, PaymentAttempt answer) {
        if (recordIntent(booking, answer)) {
            log.info("Payment of {} started: intent {} {}", booking.id(), answer.intentId(), answer.pspStatus());
            applyReply(booking, answer);
        }
    }

    /**
     * The PSP made its intent but the database could not take it: only this process knows it, so it
     * keeps offering it until the database takes it, even if the booking ends meanwhile (then its
     * intent is checked, and confirmed or refunded), however long the outage, up to a day.
     */
    private void recordLater(Booking booking, PaymentAttempt answer, RuntimeException failure) {
        if (!unrecorded.add(booking.id())) {
            return;
        }
        log.warn("Payment of {} could not record its intent {} now; recording it once the database takes it: {}",
                booking.id(), answer.intentId(), failure.getMessage());
        retries.until("payment-intent-record", RECORD_RETRY, clock.instant().plus(UNRECORDED_PATIENCE), () -> {
            recordAndApply(booking, answer);
            return true;
        }).thenAccept(recorded -> {
            unrecorded.remove(booking.id());
            if (!recorded) {
                log.error("Intent {} of {} could not be recorded within {}; its webhook is refunded as a stranger's",
                        answer.intentId(), booking.id(), UNRECORDED_PATIENCE);
            }
        });
    }

    /**
     * The claim's own try failed before it could mark its booking's start as under way (the
     * database was out): the mark is made as soon as the database takes it, so that a relay that
     * takes the start later knows it began, and runs it, rather than take it for a start its instance
     * never began.
     */
    private void markLater(String bookingId, String traceJson, Instant until) {
        retries.until("payment-start-mark", RECORD_RETRY, until, () -> {
            bookings.markPaymentStarting(bookingId, traceJson, clock.instant());
            return true;
        });
    }

    /**
     * Records the intent the PSP made, under the booking's row lock. A booking that moved on while
     * the PSP answered (its hold lapsed, or the customer cancelled) no longer waits for a webhook:
     * its intent is checked (a processing one of a cancelled booking cancelled first) until it ends,
     * so a payment that succeeds after all is confirmed or refunded even if no webhook comes (I4).
     * A PENDING booking's intent is watched (WATCH_INTENT) in case its reply and webhook never
     * settle it. False when the intent is not to be the booking's: a start so late that its intent's event came
     * first, a minute past the hold, and was taken for a stranger's (and is refunded as one).
     */
    private boolean recordIntent(Booking booking, PaymentAttempt attempt) {
        if (attempt.intentId() == null) {
            return true; // refused before the PSP made an intent: applyReply fails the booking
        }
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            var now = clock.instant();
            var current = bookings.lock(booking.id()).orElseThrow();
            if (attempt.intentId().equals(current.paymentIntentId())) {
                return true; // recorded already, by another try, with its follow-up
            }
            if (foreignPayments.isForeign(attempt.intentId())) {
                bookings.abandonPaymentStart(booking.id(), now);
                log.error("Intent {} of {} came back after its event was taken for a stranger's payment; it is refunded",
                        attempt.intentId(), booking.id());
                return false;
            }
            bookings.recordStartedPayment(booking.id(), attempt.intentId(), attempt.pspStatus(), now);
            if (current.status() == BookingStatus.PENDING) {
                // Should neither the reply nor the webhook settle the booking, the PSP is asked.
                outbox.addDueAt(booking.id(), booking.flightIds(), OutboxKind.WATCH_INTENT, attempt.intentId(), now,
                        now.plus(properties.paymentWatchAfter()));
            } else {
                var followUp = current.status() == BookingStatus.CANCELLED && attempt.outcome() == PaymentOutcome.PROCESSING
                        ? OutboxKind.CANCEL_INTENT : OutboxKind.CHECK_INTENT;
                outbox.add(booking.id(), booking.flightIds(), followUp, attempt.intentId(), now);
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
     * later, or the watch does ({@code booking.payment-watch-after}): the payment itself is fine. A start the
     * PSP refused before making an intent has no webhook to come: if its failure cannot be recorded
     * now, the booking keeps its hold until it lapses and times out.
     */
    private void applyReply(Booking booking, PaymentAttempt attempt) {
        @Nullable String intentId = attempt.intentId();
        try {
            if (intentId == null) {
                outcomes.startFailed(booking.id(), attempt.pspStatus());
                return;
            }
            String syntheticEventId = "reply:" + intentId;
            switch (attempt.outcome()) {
                case SUCCEEDED, AUTHORIZED -> outcomes.succeeded(new PaymentSucceeded(syntheticEventId, intentId,
                        booking.id(), attempt.amount(), attempt.currency(), attempt.outcome() == PaymentOutcome.SUCCEEDED));
                case FAILED -> outcomes.failed(new PaymentFailed(syntheticEventId, intentId, booking.id(),
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
}
