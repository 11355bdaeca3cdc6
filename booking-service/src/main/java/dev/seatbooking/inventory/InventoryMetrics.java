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

    InventoryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.expired = Counter.builder("booking.release.total").tag("result", "expired")
                .description("Seat holds released, by result; expired = lapsed holds purged by the scripts")
                .register(registry);
        this.rebuilds = Counter.builder("inventory.rebuild.total")
                .description("Flights loaded into Redis from the database because Redis did not have them")
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
