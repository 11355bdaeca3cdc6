package dev.seatbooking.booking.stream;

import static dev.seatbooking.system.ObservedJobs.fixedDelay;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** The status streams' poll of the database and heartbeats, every booking.status-streams.poll-interval. */
@Component
class StatusStreamJobs implements SchedulingConfigurer {

    private final StatusStreamProperties properties;
    private final StatusStreams streams;
    private final ObservationRegistry observations;

    StatusStreamJobs(StatusStreamProperties properties, StatusStreams streams, ObservationRegistry observations) {
        this.properties = properties;
        this.streams = streams;
        this.observations = observations;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar jobs) {
        jobs.addFixedDelayTask(fixedDelay(streams, "poll", properties.pollInterval(), properties.pollInterval(),
                observations));
    }
}
