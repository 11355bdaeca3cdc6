package dev.seatbooking.inventory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The inventory jobs' settings. They keep the {@code booking.} names they have always had.
 *
 * @param sweepInterval how often idle flights' lapsed holds are purged from Redis (booking.sweep-interval=60s)
 * @param reconcileInterval how often Redis is compared with the database, flight by flight
 *     (booking.reconcile-interval=60s)
 * @param reconcileInitialDelay how long after start the first comparison runs (booking.reconcile-initial-delay=5s)
 * @param inventoryGaugeInterval how often the per-flight seat gauges are sampled (booking.inventory-gauge-interval=15s)
 * @param inventoryGaugeFlights how many of the next departures the gauges cover (booking.inventory-gauge-flights=200)
 */
@ConfigurationProperties("booking")
record InventoryProperties(@DefaultValue("60s") Duration sweepInterval, @DefaultValue("60s") Duration reconcileInterval,
        @DefaultValue("5s") Duration reconcileInitialDelay, @DefaultValue("15s") Duration inventoryGaugeInterval,
        @DefaultValue("200") int inventoryGaugeFlights) {
}
