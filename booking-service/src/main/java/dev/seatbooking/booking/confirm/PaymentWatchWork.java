package dev.seatbooking.booking.confirm;

import dev.seatbooking.booking.BookingProperties;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.payment.PaymentFailed;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.PaymentOutcome;
import dev.seatbooking.payment.PaymentOutcomes.Applied;
import dev.seatbooking.payment.PaymentSucceeded;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the PSP how a PENDING booking's payment stands once {@code booking.payment-watch-after} has
 * passed since its intent was recorded (WATCH_INTENT), and again at most that often while the
 * booking waits. Its reply and its webhook normally settle the booking within a second; this is for
 * when neither could: the webhook's deliveries all met an outage and the PSP gave up or waits
 * minutes before its next one (Stripe's retries are hours apart), so the buyer does not wait for
 * the hold's expiry, or lose the seat, for an outcome the PSP already knows. A booking that left
 * PENDING ends the watch without a PSP call; from TIMEOUT on, CHECK_INTENT takes over.
 */
@Component
class PaymentWatchWork implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentWatchWork.class);

    private final PaymentGateway gateway;
    private final BookingPayments outcomes;
    private final BookingRepository bookings;
    private final BookingProperties properties;
    private final MeterRegistry registry;

    PaymentWatchWork(PaymentGateway gateway, BookingPayments outcomes, BookingRepository bookings,
            BookingProperties properties, MeterRegistry registry) {
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.bookings = bookings;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.WATCH_INTENT);
    }

    /**
     * Asked again after the same wait, then twice and four times as long, while the payment is
     * processing and the booking waits: with the defaults, 30 s, 1, 2 and 4 minutes after the
     * intent was recorded, then every 2 minutes while the booking is PENDING (its hold's lapse ends
     * the watch: the expiry job's CHECK_INTENT takes over). A payment that stays processing for
     * minutes (a customer's bank's challenge) costs a PSP call every 2 minutes, not every few seconds.
     */
    @Override
    public Duration shortestBackoff() {
        return properties.paymentWatchAfter();
    }

    @Override
    public Duration longestBackoff() {
        return properties.paymentWatchAfter().multipliedBy(4);
    }

    /** The intent's own statuses that mean the customer's payment did not go through. */
    private static final Set<String> DECLINED = Set.of("requires_payment_method", "canceled");

    /** A PSP that is slow to answer holds up this row only, not the relay's round of releases and captures. */
    @Override
    public boolean runsApart() {
        return true;
    }

    /** True when the booking no longer waits for this intent. */
    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        String intentId = work.payload();
        var booking = bookings.find(work.bookingId()).orElse(null);
        if (booking == null || booking.status() != BookingStatus.PENDING || !intentId.equals(booking.paymentIntentId())) {
            return true; // settled by its reply or webhook, as almost every payment is
        }
        var intent = gateway.retrieve(intentId);
        if (intent.outcome() == PaymentOutcome.FAILED && !DECLINED.contains(intent.pspStatus())) {
            // The PSP refused the question (an unknown intent: a key or mode mixed up), which says
            // nothing of the customer's payment: the booking keeps waiting for its reply, webhook or
            // the check after its hold lapses, rather than fail a payment that may have succeeded.
            log.atWarn().addKeyValue("bookingId", booking.id()).addKeyValue("flightId", booking.flightIds())
                    .log("The PSP would not say how payment {} of {} stands ({}): left to its webhook and the "
                            + "check after the hold", intentId, booking.id(), intent.pspStatus());
            return true;
        }
        var applied = switch (intent.outcome()) {
            case SUCCEEDED, AUTHORIZED -> outcomes.succeeded(new PaymentSucceeded("watch:" + intentId, intentId,
                    booking.id(), intent.amount(), intent.currency(), intent.outcome() == PaymentOutcome.SUCCEEDED));
            case FAILED -> outcomes.failed(new PaymentFailed("watch:" + intentId, intentId, booking.id(),
                    intent.pspStatus()));
            case PROCESSING -> null;
        };
        if (applied == null) {
            return false;
        }
        if (applied != Applied.APPLIED) {
            return true; // its reply or webhook got there first after all
        }
        registry.counter("payment.watch.applied", "outcome", intent.outcome().name().toLowerCase()).increment();
        log.atWarn().addKeyValue("bookingId", booking.id()).addKeyValue("flightId", booking.flightIds())
                .log("Payment {} of {} ended {} with no reply or webhook applied within {}: applied from the PSP's record",
                        intentId, booking.id(), intent.outcome(), properties.paymentWatchAfter());
        return true;
    }
}
