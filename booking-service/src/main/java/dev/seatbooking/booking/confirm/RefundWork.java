package dev.seatbooking.booking.confirm;

import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.booking.refund.BookingRefunds;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.RefundResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives a payment back in full (I4), by a refund of what was captured or the void of an
 * authorization: the booking's own (REFUND, whose payment status then says so) or a stranger's that
 * named it (REFUND_FOREIGN, which leaves the booking's payment alone). A refund the PSP refuses is
 * logged as an error and tried again; a refund is never dropped.
 */
@Component
class RefundWork implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(RefundWork.class);

    private final PaymentGateway gateway;
    private final BookingRepository bookings;
    private final BookingRefunds refunds;
    private final MeterRegistry registry;
    private final Clock clock;

    RefundWork(PaymentGateway gateway, BookingRepository bookings, BookingRefunds refunds, MeterRegistry registry,
            Clock clock) {
        this.gateway = gateway;
        this.bookings = bookings;
        this.refunds = refunds;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.REFUND, OutboxKind.REFUND_FOREIGN);
    }

    /** True once nothing is left to do. */
    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        boolean own = work.kind() == OutboxKind.REFUND;
        String intentId = work.payload();
        if (intentId == null) {
            // No payment was ever taken for this booking: nothing to give back.
            return true;
        }
        var refund = gateway.refund(intentId, work.bookingId());
        var result = refund.result();
        registry.counter(result == RefundResult.VOIDED ? "payment.void.total" : "payment.refund.total", "result",
                switch (result) {
                    case REFUNDED, VOIDED -> "success";
                    case NOTHING_TO_REFUND -> "nothing_taken";
                    case REFUSED -> "refused";
                }).increment();
        switch (result) {
            case REFUNDED -> {
                if (own && refund.receipt() != null) {
                    // The booking's payment status follows the refund as the PSP made it (pending or
                    // succeeded), as its events will; refunded only once it succeeded.
                    refunds.followOwn(work.bookingId(), refund.receipt());
                } else if (own) {
                    // Refunded before: the first try's answer was lost, and its events tell the rest.
                    bookings.recordPaymentIf(work.bookingId(), intentId, PaymentStatuses.REFUND_PENDING,
                            PaymentStatuses.REFUNDED, clock.instant());
                }
                log.info("Refunded {} (intent {}{})", work.bookingId(), intentId, own ? "" : ", not its own");
            }
            case VOIDED, NOTHING_TO_REFUND -> {
                // An authorization voided now, or before (its capture refused): nothing was taken.
                if (own) {
                    bookings.recordPaymentIf(work.bookingId(), intentId, PaymentStatuses.REFUND_PENDING,
                            PaymentStatuses.CANCELED, clock.instant());
                }
                log.info("Nothing to refund for {} (intent {}{}): {}", work.bookingId(), intentId,
                        own ? "" : ", not its own", result == RefundResult.VOIDED ? "authorization voided" : "no money taken");
            }
            case REFUSED -> log.error("PSP refused the refund of {} (intent {}): retrying later; check the PSP dashboard",
                    work.bookingId(), intentId);
        }
        return result != RefundResult.REFUSED;
    }
}
