package dev.seatbooking.inventory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
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

    InventoryJobs(InventoryProperties properties, HoldSweeper sweeper, InventoryReconciler reconciler,
            InventoryGauges gauges) {
        this.properties = properties;
        this.sweeper = sweeper;
        this.reconciler = reconciler;
        this.gauges = gauges;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar jobs) {
        jobs.addFixedDelayTask(new FixedDelayTask(sweeper::sweep, properties.sweepInterval(), properties.sweepInterval()));
        jobs.addFixedDelayTask(new FixedDelayTask(reconciler::reconcileAll, properties.reconcileInterval(),
                properties.reconcileInitialDelay()));
        jobs.addFixedDelayTask(new FixedDelayTask(gauges::sample, properties.inventoryGaugeInterval(),
                properties.inventoryGaugeInterval()));
    }
}
