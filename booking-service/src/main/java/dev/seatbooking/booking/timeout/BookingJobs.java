package dev.seatbooking.booking.timeout;

import static dev.seatbooking.system.ObservedJobs.fixedDelay;

import dev.seatbooking.booking.BookingProperties;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The booking feature's recurring jobs and how often each runs, read from {@link BookingProperties}
 * (docs/operations.md has the same table). Each round starts a fixed delay after the last one ended,
 * so a slow round never overlaps the next on this instance; other instances are kept apart by the
 * jobs' own row locks.
 */
@Component
class BookingJobs implements SchedulingConfigurer {

    private final BookingProperties properties;
    private final HoldExpiryJob holdExpiry;
    private final ObservationRegistry observations;

    BookingJobs(BookingProperties properties, HoldExpiryJob holdExpiry, ObservationRegistry observations) {
        this.observations = observations;
        this.properties = properties;
        this.holdExpiry = holdExpiry;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar jobs) {
        if (properties.expiryJobEnabled()) {
            jobs.addFixedDelayTask(fixedDelay(holdExpiry, "timeOutLapsedHolds", properties.expiryInterval(),
                    Duration.ZERO, observations));
        }
    }
}
