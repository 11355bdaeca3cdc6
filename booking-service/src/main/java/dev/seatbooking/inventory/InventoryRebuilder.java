package dev.seatbooking.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Loads a flight into Redis from the database when Redis has lost it: after FLUSHALL, a restart
 * without persistence, or for a flight created while Redis was down (I6). Loads capacity, seats
 * sold, the sales of CONFIRMED bookings, the holds of PENDING bookings still running, and the
 * markers of keyed claims on it that have stored answers ({@link ClaimMarkers}).
 */
@Component
class InventoryRebuilder {

    private static final Logger log = LoggerFactory.getLogger(InventoryRebuilder.class);
    /** Generous against clock skew between this host and Redis; the script drops lapsed holds by Redis time. */
    private static final Duration SKEW_ALLOWANCE = Duration.ofMinutes(1);

    private final StringRedisTemplate redis;

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> loadFlightScript;
    private final BookedSeats bookedSeats;
    private final InventoryMetrics metrics;
    private final ClaimMarkers markers;
    private final Clock clock;

    @SuppressWarnings("rawtypes")
    InventoryRebuilder(StringRedisTemplate redis, RedisScript<List> loadFlightScript, BookedSeats bookedSeats,
            InventoryMetrics metrics, ClaimMarkers markers, Clock clock) {
        this.clock = clock;
        this.markers = markers;
        this.redis = redis;
        this.loadFlightScript = loadFlightScript;
        this.bookedSeats = bookedSeats;
        this.metrics = metrics;
    }

    /**
     * Loads the flight unless Redis has it already, loaded on this master; a copy from a master this
     * one replaced (a failover) is replaced. Throws when the database has no such flight.
     */
    void rebuild(String flightId) {
        var snapshot = bookedSeats.snapshot(flightId, clock.instant().minus(SKEW_ALLOWANCE))
                .orElseThrow(() -> new IllegalStateException("Flight " + flightId + " is not in the database"));
        var counts = snapshot.counts();
        var holds = snapshot.holds();
        var sales = snapshot.sales();

        List<String> args = new ArrayList<>(5 + holds.size() * 3 + sales.size() * 2);
        args.add(Integer.toString(counts.capacity()));
        args.add(Integer.toString(counts.seatsSold()));
        args.add(Integer.toString(holds.size()));
        args.add(Long.toString(markers.markerLife().toMillis()));
        args.add(counts.status().name());
        for (var hold : holds) {
            args.add(hold.bookingId());
            args.add(Integer.toString(hold.seats()));
            args.add(Long.toString(hold.expiresAt().toEpochMilli()));
        }
        for (var sale : sales) {
            args.add(sale.bookingId());
            args.add(Integer.toString(sale.seats()));
        }
        List<String> keys = new ArrayList<>(InventoryKeys.of(flightId).all());
        keys.addAll(markers.storedFor(flightId));
        List<?> answer = redis.execute(loadFlightScript, keys, args.toArray());
        long code = ((Number) answer.get(0)).longValue();
        if (code == 1) {
            metrics.rebuilt();
            log.atInfo().addKeyValue("flightId", flightId)
                    .log("Loaded flight {} into Redis from the database: capacity {}, sold {}, {} live holds",
                            flightId, counts.capacity(), counts.seatsSold(), answer.get(1));
        } else if (code == 2) {
            long holdsRestored = ((Number) answer.get(2)).longValue();
            long salesRestored = ((Number) answer.get(3)).longValue();
            metrics.rebuilt();
            metrics.reloadedAfterFailover(holdsRestored, salesRestored);
            log.atWarn().addKeyValue("flightId", flightId)
                    .log("Loaded flight {} again from the database: Redis had it from a master it replaced; "
                            + "{} holds and {} sales restored that it lacked", flightId, holdsRestored, salesRestored);
        }
    }
}
