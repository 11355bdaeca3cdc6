package dev.seatbooking.booking;

import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
class PaymentStarter implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentStarter.class);
    private static final TypeReference<Map<String, String>> TRACE = new TypeReference<>() {
    };
    /** A start is tried again at least this often while its hold lives. */
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);

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
    /**
     * The PSP's answers this process could not record (the database was out): the next try records
     * that same intent, even if the booking ended meanwhile (then its intent is checked, and
     * confirmed or refunded), and never gives up while it holds one: only this process knows it.
     */
    private final Map<String, PaymentAttempt> unrecorded = new ConcurrentHashMap<>();

    PaymentStarter(PaymentGateway gateway, BookingPayments outcomes, BookingRepository bookings, Outbox outbox,
            ForeignPaymentRepository foreignPayments, TransactionTemplate transactions, PaymentTracing tracing,
            JsonMapper json, BookingProperties properties, Clock clock) {
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
    OutboxWork queue(Booking booking, Instant now) {
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

    /**
     * One try of the start of {@code work}'s booking; true once nothing is left to do, false to try
     * again at {@code retryAt}, under the same key and with the same request.
     */
    @Override
    public boolean carryOut(OutboxWork work, Instant retryAt) {
        Map<String, String> trace = work.payload() == null ? Map.of() : json.readValue(work.payload(), TRACE);
        try {
            return tracing.aroundPaymentStart(work.bookingId(), trace, () -> tryStart(work.bookingId(), trace, retryAt));
        } catch (PaymentUnavailable | DataAccessException | TransactionException e) {
            log.warn("Payment of {} could not start: its booking could not be read; trying again at {}: {}",
                    work.bookingId(), retryAt, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // A bug or a request the PSP can never take: release the seats rather than sit on them.
            log.error("Payment start of {} failed; the booking fails and its seats go back", work.bookingId(), e);
            outcomes.startFailed(work.bookingId(), "start_error");
            unrecorded.remove(work.bookingId());
            return true;
        }
    }

    private boolean tryStart(String bookingId, Map<String, String> trace, Instant retryAt) {
        // Its claim's transaction wrote the booking with this work.
        var booking = bookings.find(bookingId).orElseThrow();
        PaymentAttempt attempt = unrecorded.get(booking.id());
        try {
            boolean waiting = bookings.markPaymentStarting(booking.id(), clock.instant());
            if (attempt == null) {
                if (!waiting) {
                    // Ended (cancelled, timed out) before the payment could start: charge nothing. An
                    // earlier try may have reached the PSP all the same, so events naming the booking
                    // are no longer waited for: a payment they report is refunded as a stranger's.
                    abandon(booking);
                    log.info("Payment of {} not started: the booking is no longer waiting for it", booking.id());
                    return true;
                }
                attempt = gateway.start(new PaymentRequest(booking.id(), booking.flightIds(), booking.totalPrice(),
                        booking.currency(), booking.paymentMethod(), trace));
            }
            if (recordIntent(booking, attempt)) {
                log.info("Payment of {} started: intent {} {}", booking.id(), attempt.intentId(), attempt.pspStatus());
                applyReply(booking, attempt);
            }
            unrecorded.remove(booking.id());
            return true;
        } catch (PaymentUnavailable | DataAccessException | TransactionException e) {
            // The PSP or the database is out for a moment: the same start is tried again under the same key.
            if (attempt == null && !retryAt.isBefore(booking.holdExpiresAt())) {
                log.warn("Payment of {} could not start; giving up as its hold lapses at {}", booking.id(),
                        booking.holdExpiresAt());
                abandon(booking);
                return true;
            }
            if (attempt != null) {
                unrecorded.put(booking.id(), attempt);
            }
            log.warn("Payment of {} could not {}; trying again at {}: {}", booking.id(),
                    attempt == null ? "start" : "record its intent " + attempt.intentId(), retryAt, e.getMessage());
            return false;
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
     * later, or the intent check does once the hold lapses: the payment itself is fine. A start the
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
                case SUCCEEDED -> outcomes.succeeded(new PaymentSucceeded(syntheticEventId, intentId, booking.id(),
                        attempt.amount(), attempt.currency()));
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
