package dev.seatbooking.booking.confirm;

import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.PaymentOutcome;
import dev.seatbooking.payment.PaymentSucceeded;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the PSP how an intent ended, for a booking that stopped waiting for it (CHECK_INTENT): a
 * success or an authorization whose webhook was lost is applied like its webhook would be, so it is
 * confirmed, or refunded or voided (I4). Asked again while the intent is processing, for about a day.
 */
@Component
class IntentCheckWork implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(IntentCheckWork.class);
    /** About a day of checks at the longest backoff. */
    private static final int MAX_CHECKS = 300;

    private final PaymentGateway gateway;
    private final BookingPayments outcomes;
    private final BookingRepository bookings;
    private final Clock clock;

    IntentCheckWork(PaymentGateway gateway, BookingPayments outcomes, BookingRepository bookings, Clock clock) {
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.bookings = bookings;
        this.clock = clock;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.CHECK_INTENT);
    }

    /** True when the intent has ended. */
    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        String intentId = work.payload();
        var intent = gateway.retrieve(intentId);
        switch (intent.outcome()) {
            case SUCCEEDED, AUTHORIZED -> outcomes.succeeded(new PaymentSucceeded("check:" + intentId, intentId,
                    work.bookingId(), intent.amount(), intent.currency(), intent.outcome() == PaymentOutcome.SUCCEEDED));
            case FAILED -> {
                // Nothing was taken: nothing to give back, and a void asked for is as good as done.
                bookings.recordPaymentIf(work.bookingId(), intentId, PaymentStatuses.VOID_PENDING,
                        PaymentStatuses.CANCELED, clock.instant());
            }
            case PROCESSING -> {
                if (work.attempts() < MAX_CHECKS) {
                    return false;
                }
                log.atWarn().addKeyValue("bookingId", work.bookingId())
                        .log("Intent {} of {} still processing after {} checks; its webhook must settle it",
                                intentId, work.bookingId(), work.attempts());
            }
        }
        return true;
    }
}
