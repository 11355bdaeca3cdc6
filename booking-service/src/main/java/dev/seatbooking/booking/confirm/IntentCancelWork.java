package dev.seatbooking.booking.confirm;

import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.payment.PaymentGateway;
import java.time.Clock;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels the PaymentIntent of a booking that no longer wants it (CANCEL_INTENT). The PSP refuses
 * once the intent succeeded or is processing: then how it ends is asked (CHECK_INTENT), so a
 * payment taken after all is refunded.
 */
@Component
class IntentCancelWork implements OutboxHandler {

    private final PaymentGateway gateway;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IntentCancelWork(PaymentGateway gateway, Outbox outbox, TransactionTemplate transactions, Clock clock) {
        this.gateway = gateway;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.CANCEL_INTENT);
    }

    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        if (!gateway.cancel(work.payload(), work.bookingId())) {
            transactions.executeWithoutResult(tx -> outbox.add(work.bookingId(), work.flightIds(),
                    OutboxKind.CHECK_INTENT, work.payload(), clock.instant()));
        }
        return true;
    }
}
