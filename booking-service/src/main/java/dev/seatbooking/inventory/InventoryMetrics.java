package dev.seatbooking.inventory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The release and confirm meters of DESIGN section 7. {@code result} is success, failure (a
 * business answer such as no seats, or nothing to release) or error (Redis broke); holds that
 * lapsed and were purged by a script count as {@code booking.release.total{result="expired"}}.
 */
@Component
class InventoryMetrics {

    private final MeterRegistry registry;
    private final Counter expired;
    private final Counter rebuilds;
    private final Counter failoverReloads;
    private final Counter holdsRestored;
    private final Counter salesRestored;

    InventoryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.expired = Counter.builder("booking.release.total").tag("result", "expired")
                .description("Seat holds released, by result; expired = lapsed holds purged by the scripts")
                .register(registry);
        this.rebuilds = Counter.builder("inventory.rebuild.total")
                .description("Flights loaded into Redis from the database because Redis did not have them")
                .register(registry);
        this.failoverReloads = Counter.builder("inventory.failover.reloads")
                .description("Flights loaded again from the database because Redis had them from a master it replaced")
                .register(registry);
        this.holdsRestored = Counter.builder("inventory.failover.holds_restored")
                .description("Holds such a reload put back: the master had acknowledged them, the replica that replaced it never saw them")
                .register(registry);
        this.salesRestored = Counter.builder("inventory.failover.sales_restored")
                .description("Sales such a reload put back, for the same reason")
                .register(registry);
    }

    void expired(long holds) {
        if (holds > 0) {
            expired.increment(holds);
        }
    }

    void rebuilt() {
        rebuilds.increment();
    }

    void reloadedAfterFailover(long holds, long sales) {
        failoverReloads.increment();
        holdsRestored.increment(holds);
        salesRestored.increment(sales);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void released(Timer.Sample sample, String result) {
        record("booking.release", sample, result);
    }

    void confirmed(Timer.Sample sample, String result) {
        record("booking.confirm", sample, result);
    }

    private void record(String name, Timer.Sample sample, String result) {
        sample.stop(Timer.builder(name + ".duration").tag("result", result).register(registry));
        registry.counter(name + ".total", "result", result).increment();
    }
}
