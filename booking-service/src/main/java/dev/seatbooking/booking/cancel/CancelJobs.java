package dev.seatbooking.booking.cancel;

import static dev.seatbooking.system.ObservedJobs.fixedDelay;

import dev.seatbooking.booking.BookingProperties;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Finishes the cancels of cancelled flights every booking.expiry-interval, on the instances that
 * run the expiry job: safe on several at once, since each booking is cancelled under its row lock.
 */
@Component
class CancelJobs implements SchedulingConfigurer {

    private final BookingProperties properties;
    private final FlightBookingCancellation flights;
    private final ObservationRegistry observations;

    CancelJobs(BookingProperties properties, FlightBookingCancellation flights, ObservationRegistry observations) {
        this.properties = properties;
        this.flights = flights;
        this.observations = observations;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar jobs) {
        if (properties.expiryJobEnabled()) {
            jobs.addFixedDelayTask(fixedDelay(flights, "sweepCancelledFlights", properties.expiryInterval(),
                    properties.expiryInterval(), observations));
        }
    }
}
