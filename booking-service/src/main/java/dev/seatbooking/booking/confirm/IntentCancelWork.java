package dev.seatbooking.booking.confirm;

import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.payment.PaymentGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels the PaymentIntent of a booking that no longer wants it (CANCEL_INTENT), which voids an
 * authorization: nothing is taken, and a booking that was voiding says {@code canceled}. The PSP
 * refuses once the intent succeeded or is processing: then how it ends is asked (CHECK_INTENT), so
 * a payment taken after all is refunded, and an authorization made after all is voided.
 */
@Component
class IntentCancelWork implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(IntentCancelWork.class);

    private final PaymentGateway gateway;
    private final BookingRepository bookings;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final MeterRegistry registry;
    private final Clock clock;

    IntentCancelWork(PaymentGateway gateway, BookingRepository bookings, Outbox outbox,
            TransactionTemplate transactions, MeterRegistry registry, Clock clock) {
        this.gateway = gateway;
        this.bookings = bookings;
        this.outbox = outbox;
        this.transactions = transactions;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.CANCEL_INTENT);
    }

    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        String intentId = work.payload();
        if (gateway.cancel(intentId, work.bookingId())) {
            registry.counter("payment.void.total", "result", "success").increment();
            bookings.recordPaymentIf(work.bookingId(), intentId, PaymentStatuses.VOID_PENDING, PaymentStatuses.CANCELED,
                    clock.instant());
            log.info("Intent {} of {} cancelled: nothing taken", intentId, work.bookingId());
        } else {
            registry.counter("payment.void.total", "result", "refused").increment();
            transactions.executeWithoutResult(tx -> outbox.add(work.bookingId(), work.flightIds(),
                    OutboxKind.CHECK_INTENT, intentId, clock.instant()));
        }
        return true;
    }
}
