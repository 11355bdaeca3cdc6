package dev.seatbooking.booking;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resumes payment starts that stopped between the PSP's answer and their record: the process
 * died (a deploy, a crash). Until a start records its intent, events that name its booking are
 * answered 503, so the buyer's own payment could not confirm the booking; resumed under the same
 * idempotency key, the start learns the intent the PSP made and records it, and the PSP's next
 * delivery (or the reply) confirms. Only bookings whose hold still lives are resumed: a stopped
 * start of a booking that has timed out may never have reached the PSP, and is not charged now.
 * Safe on several instances: each round takes its bookings with SKIP LOCKED.
 */
@Component
class InterruptedPaymentStarts {

    private static final Logger log = LoggerFactory.getLogger(InterruptedPaymentStarts.class);
    /** A live start marks its booking at every attempt, at least every 10 s; one call lasts at most ~40 s. */
    private static final Duration STALLED_AFTER = Duration.ofMinutes(2);
    private static final int BATCH = 20;
    private static final TypeReference<Map<String, String>> TRACE = new TypeReference<>() {
    };

    private final BookingRepository bookings;
    private final PaymentStarter starter;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    InterruptedPaymentStarts(BookingRepository bookings, PaymentStarter starter, TransactionTemplate transactions,
            JsonMapper json, Clock clock) {
        this.clock = clock;
        this.bookings = bookings;
        this.starter = starter;
        this.transactions = transactions;
        this.json = json;
    }

    void resumeStalledStarts() {
        try {
            var now = clock.instant();
            var stalled = transactions.execute(tx -> bookings.takeStalledStarts(now.minus(STALLED_AFTER), now, BATCH));
            for (var start : stalled) {
                bookings.find(start.bookingId()).ifPresent(booking -> starter.resume(booking,
                        start.trace() == null ? Map.of() : json.readValue(start.trace(), TRACE)));
            }
        } catch (RuntimeException e) {
            log.warn("Resuming interrupted payment starts failed; the next round tries again: {}", e.getMessage());
        }
    }
}
