package dev.seatbooking.inventory;

import static dev.seatbooking.system.ObservedJobs.fixedDelay;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The inventory feature's recurring jobs and how often each runs, read from
 * {@link InventoryProperties}. Every instance runs them: each is safe to run on several at once.
 */
@Component
class InventoryJobs implements SchedulingConfigurer {

    private final InventoryProperties properties;
    private final HoldSweeper sweeper;
    private final InventoryReconciler reconciler;
    private final InventoryGauges gauges;
    private final ObservationRegistry observations;

    InventoryJobs(InventoryProperties properties, HoldSweeper sweeper, InventoryReconciler reconciler,
            InventoryGauges gauges, ObservationRegistry observations) {
        this.observations = observations;
        this.properties = properties;
        this.sweeper = sweeper;
        this.reconciler = reconciler;
        this.gauges = gauges;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar jobs) {
        jobs.addFixedDelayTask(fixedDelay(sweeper, "sweep", properties.sweepInterval(), properties.sweepInterval(),
                observations));
        jobs.addFixedDelayTask(fixedDelay(reconciler, "reconcileAll", properties.reconcileInterval(),
                properties.reconcileInitialDelay(), observations));
        jobs.addFixedDelayTask(fixedDelay(gauges, "sample", properties.inventoryGaugeInterval(),
                properties.inventoryGaugeInterval(), observations));
    }
}
