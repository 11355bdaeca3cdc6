package dev.seatbooking.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code outbox.backlog}: follow-up work (refunds, releases, intent checks, events) not done yet;
 * it grows while the PSP is unreachable and refunds owed to customers wait. {@code outbox.oldest.age}:
 * how long the longest-overdue row has been due; rows waiting for their retry time (an intent check
 * repeated for a day, a refused refund backing off) are not overdue, so it stays near 0 unless the
 * relay itself is stuck. Sampled on a timer, so a scrape costs no query.
 */
@Component
class OutboxGauges {

    private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);

    private final OutboxRepository outbox;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Clock clock;

    OutboxGauges(OutboxRepository outbox, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.outbox = outbox;
        Gauge.builder("outbox.backlog", rows, AtomicLong::get)
                .description("Outbox rows not done yet").register(registry);
        Gauge.builder("outbox.oldest.age", oldestAgeMillis, age -> age.get() / 1000.0).baseUnit("seconds")
                .description("How long the longest-overdue outbox row has been due; 0 when none is").register(registry);
    }

    void sample() {
        try {
            var now = clock.instant();
            var backlog = outbox.backlog(now);
            rows.set(backlog.rows());
            oldestAgeMillis.set(backlog.oldestDue() == null ? 0
                    : Math.max(0, Duration.between(backlog.oldestDue(), now).toMillis()));
        } catch (RuntimeException e) {
            log.warn("Outbox gauges not sampled: {}", e.getMessage());
        }
    }
}
