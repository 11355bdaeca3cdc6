package dev.seatbooking.outbox;

import static dev.seatbooking.system.ObservedJobs.fixedDelay;

import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The outbox's recurring jobs, read from {@link OutboxProperties} (docs/operations.md has the same
 * table): the relay, the backlog gauges and the purge of done rows. Each round starts a fixed delay
 * after the last one ended; other instances are kept apart by the rows' locks and leases.
 */
@Component
class OutboxJobs implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OutboxJobs.class);
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final Duration FIRST_PURGE = Duration.ofMinutes(10);

    private final OutboxProperties properties;
    private final OutboxRelay relay;
    private final OutboxGauges gauges;
    private final OutboxRepository rows;
    private final ObservationRegistry observations;
    private final Clock clock;

    OutboxJobs(OutboxProperties properties, OutboxRelay relay, OutboxGauges gauges, OutboxRepository rows,
            ObservationRegistry observations, Clock clock) {
        this.properties = properties;
        this.relay = relay;
        this.gauges = gauges;
        this.rows = rows;
        this.observations = observations;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar jobs) {
        jobs.addFixedDelayTask(fixedDelay(relay, "run", properties.outboxRelayInterval(), Duration.ZERO, observations));
        jobs.addFixedDelayTask(fixedDelay(gauges, "sample", properties.outboxGaugeInterval(), Duration.ZERO,
                observations));
        jobs.addFixedDelayTask(fixedDelay(this, "purgeDone", PURGE_INTERVAL, FIRST_PURGE, observations));
    }

    /** Done rows are kept a while for whoever investigates a booking (booking.outbox-retention, default 7d). */
    void purgeDone() {
        try {
            var retention = properties.outboxRetention();
            int purged = rows.purgeDoneBefore(clock.instant().minus(retention));
            if (purged > 0) {
                log.info("Purged {} done outbox rows older than {}", purged, retention);
            }
        } catch (RuntimeException e) {
            log.warn("Outbox purge failed: {}", e.getMessage());
        }
    }
}
