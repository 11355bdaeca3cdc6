package dev.seatbooking.inventory;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Purges lapsed holds of flights nobody is claiming. Correctness does not depend on it: every
 * script purges lapsed holds before it decides (I8). It keeps idle flights' hold sets small and
 * the expired-release metric timely.
 */
@Component
class HoldSweeper {

    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
    /** A flight that left a day ago takes no more claims. */
    private static final Duration DEPARTED = Duration.ofDays(1);

    private final InventoryRecords records;
    private final SeatInventory inventory;

    HoldSweeper(InventoryRecords records, SeatInventory inventory) {
        this.records = records;
        this.inventory = inventory;
    }

    void sweep() {
        try {
            for (String flightId : records.flightsDepartingAfter(inventory.now().minus(DEPARTED))) {
                inventory.read(flightId);
            }
        } catch (RuntimeException e) {
            // Next round tries again; a Redis outage must not kill the scheduler thread.
            log.warn("Hold sweep failed: {}", e.getMessage());
        }
    }
}
