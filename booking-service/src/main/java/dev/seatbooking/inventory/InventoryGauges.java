package dev.seatbooking.inventory;

import dev.seatbooking.system.RedisGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-flight gauges of Redis's counts: {@code inventory.seats.available{flight}} and
 * {@code inventory.seats.held{flight}} (seats under holds). Sampled on a timer with one pipelined
 * read of the counters, so a scrape costs no Redis call and sampling changes nothing: a lapsed hold
 * counts as held until a claim on its flight or the sweeper purges it. Only the next
 * {@code booking.inventory-gauge-flights} departures get series, which bounds the label cardinality
 * however many flights are on sale; a flight Redis does not have (yet) gets none.
 */
@Component
class InventoryGauges {

    private static final Logger log = LoggerFactory.getLogger(InventoryGauges.class);
    private static final byte[][] FIELDS = {bytes("capacity"), bytes("sold"), bytes("held")};

    private final StringRedisTemplate redis;
    private final RedisGuard guard;
    private final InventoryRecords records;
    private final int flights;
    private final MultiGauge available;
    private final MultiGauge held;
    private final Clock clock;

    InventoryGauges(StringRedisTemplate redis, RedisGuard guard, InventoryRecords records, MeterRegistry registry,
            InventoryProperties properties, Clock clock) {
        this.clock = clock;
        this.redis = redis;
        this.guard = guard;
        this.records = records;
        this.flights = properties.inventoryGaugeFlights();
        this.available = MultiGauge.builder("inventory.seats.available")
                .description("Seats a claim can take, per flight, as Redis counts them").register(registry);
        this.held = MultiGauge.builder("inventory.seats.held")
                .description("Seats under holds (claimed, not paid yet), per flight").register(registry);
    }

    void sample() {
        try {
            List<String> flightIds = records.nextDepartures(clock.instant(), flights);
            List<Object> counts = guard.call(() -> redis.executePipelined((RedisCallback<Object>) connection -> {
                flightIds.forEach(id -> connection.hashCommands().hMGet(bytes(InventoryKeys.of(id).inventory()), FIELDS));
                return null;
            }));
            List<MultiGauge.Row<?>> availableRows = new ArrayList<>();
            List<MultiGauge.Row<?>> heldRows = new ArrayList<>();
            for (int i = 0; i < flightIds.size(); i++) {
                if (counts.get(i) instanceof List<?> values && !values.contains(null)) {
                    int capacity = Integer.parseInt((String) values.get(0));
                    int sold = Integer.parseInt((String) values.get(1));
                    int seatsHeld = Integer.parseInt((String) values.get(2));
                    var flight = Tags.of("flight", flightIds.get(i));
                    availableRows.add(MultiGauge.Row.of(flight, capacity - sold - seatsHeld));
                    heldRows.add(MultiGauge.Row.of(flight, seatsHeld));
                }
            }
            // overwrite: flights that departed lose their series
            available.register(availableRows, true);
            held.register(heldRows, true);
        } catch (RuntimeException e) {
            // Redis or the database is down: the series keep their last values; dependency.up says why.
            log.warn("Inventory gauges not sampled: {}", e.getMessage());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
