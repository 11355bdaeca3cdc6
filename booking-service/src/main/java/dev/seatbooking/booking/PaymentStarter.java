package dev.seatbooking.booking;

import dev.seatbooking.payment.PaymentFailed;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.PaymentRequest;
import dev.seatbooking.payment.PaymentSucceeded;
import dev.seatbooking.payment.PaymentTracing;
import dev.seatbooking.payment.PaymentUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

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
    private final PaymentTracing tracing;
    // Carries the claim's observation (its trace) to the start, so the PSP call is part of the booking's trace.
    private final ExecutorService starts = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
            ContextSnapshotFactory.builder().build()::captureAll);

    PaymentStarter(PaymentGateway gateway, BookingPayments outcomes, BookingRepository bookings, PaymentTracing tracing) {
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.bookings = bookings;
        this.tracing = tracing;
    }

    void start(Booking booking) {
        starts.submit(() -> {
            try (var ignored = MDC.putCloseable("bookingId", booking.id());
                    var ignored2 = MDC.putCloseable("flightId", booking.flightIds())) {
                try {
                    tracing.aroundPaymentStart(booking.id(), trace -> startWithRetries(booking, trace));
                } catch (RuntimeException e) {
                    // A bug or a request the PSP can never take: release the seats rather than sit on them.
                    log.error("Payment start of {} failed; the booking fails and its seats go back", booking.id(), e);
                    outcomes.failed(new PaymentFailed("start-error:" + booking.id(), null, booking.id(), "start_error"));
                }
            }
        });
    }

    private void startWithRetries(Booking booking, Map<String, String> trace) {
        var request = new PaymentRequest(booking.id(), booking.flightIds(), booking.totalPrice(), booking.currency(),
                booking.paymentMethod(), trace);
        var backoff = FIRST_RETRY;
        while (true) {
            try {
                var current = bookings.find(booking.id()).map(Booking::status).orElse(null);
                if (current != BookingStatus.PENDING) {
                    // Cancelled (or otherwise ended) before the payment could start: charge nothing.
                    log.info("Payment of {} not started: the booking is {}", booking.id(), current);
                    return;
                }
                var attempt = gateway.start(request);
                bookings.recordStartedPayment(booking.id(), attempt.intentId(), attempt.pspStatus(), BookingTime.now());
                log.info("Payment of {} started: intent {} {}", booking.id(), attempt.intentId(), attempt.pspStatus());
                applyReply(booking, attempt);
                return;
            } catch (PaymentUnavailable | DataAccessException | TransactionException e) {
                // The PSP or the database is out for a moment: the same start is retried under the same key.
                if (!BookingTime.now().plus(backoff).isBefore(booking.holdExpiresAt())) {
                    log.warn("Payment of {} could not start; giving up as its hold lapses at {}", booking.id(),
                            booking.holdExpiresAt());
                    return;
                }
                log.warn("Payment of {} could not start; retrying in {} ms: {}", booking.id(), backoff.toMillis(),
                        e.getMessage());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * The PSP's reply drives the booking like a webhook would; whichever comes first wins. If it
     * cannot be applied now (Redis or the database is out), the webhook applies the same outcome
     * later, or the intent check does once the hold lapses: the payment itself is fine.
     */
    private void applyReply(Booking booking, dev.seatbooking.payment.PaymentAttempt attempt) {
        String syntheticEventId = "reply:" + (attempt.intentId() == null ? booking.id() : attempt.intentId());
        try {
            switch (attempt.outcome()) {
                case SUCCEEDED -> outcomes.succeeded(new PaymentSucceeded(syntheticEventId, attempt.intentId(), booking.id()));
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
