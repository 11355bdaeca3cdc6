package dev.seatbooking.booking.confirm;

import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.payment.CaptureResult;
import dev.seatbooking.payment.PaymentGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes the money of a sold booking (CAPTURE): captures the authorization its CONFIRMED booking
 * holds, retried by the outbox until the PSP answers. A capture refused for good, or an
 * authorization that lapsed, undoes the sale ({@link BookingPayments#captureFailed}). A booking that
 * is no longer CONFIRMED is never captured: its cancel's refund voids the authorization.
 */
@Component
class CaptureWork implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(CaptureWork.class);

    private final PaymentGateway gateway;
    private final BookingPayments outcomes;
    private final BookingRepository bookings;
    private final MeterRegistry registry;
    private final Clock clock;

    CaptureWork(PaymentGateway gateway, BookingPayments outcomes, BookingRepository bookings, MeterRegistry registry,
            Clock clock) {
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.bookings = bookings;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.CAPTURE);
    }

    /** True once the PSP has answered for good; a PSP that cannot be reached throws, and the outbox retries. */
    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        String intentId = work.payload();
        var booking = bookings.find(work.bookingId()).orElse(null);
        if (booking == null || booking.status() != BookingStatus.CONFIRMED) {
            count("skipped");
            log.info("Capture of {} for {} skipped: the booking is {}", intentId, work.bookingId(),
                    booking == null ? "gone" : booking.status());
            return true;
        }
        var result = gateway.capture(intentId, work.bookingId());
        switch (result) {
            case CAPTURED -> {
                count("success");
                bookings.recordPaymentIf(work.bookingId(), intentId, PaymentStatuses.CAPTURE_PENDING,
                        PaymentStatuses.CAPTURED, clock.instant());
                log.info("Captured {} for {}", intentId, work.bookingId());
            }
            // Counted as a sale undone only if it was: a cancel may have voided the authorization first.
            case REFUSED -> count(outcomes.captureFailed(work.bookingId(), intentId, "refused") ? "refused" : "skipped");
            case EXPIRED -> count(outcomes.captureFailed(work.bookingId(), intentId,
                    "not taken: the authorization expired") ? "expired" : "skipped");
        }
        return true;
    }


    private void count(String result) {
        registry.counter("payment.capture.total", "result", result).increment();
    }
}
