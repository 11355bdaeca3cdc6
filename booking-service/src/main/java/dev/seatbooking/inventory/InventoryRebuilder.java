package dev.seatbooking.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads a flight into Redis from the database when Redis has lost it: after FLUSHALL, a restart
 * without persistence, or for a flight created while Redis was down (I6). Loads capacity, seats
 * sold, the sales of CONFIRMED bookings, and the holds of PENDING bookings still running.
 */
@Component
class InventoryRebuilder {

    private static final Logger log = LoggerFactory.getLogger(InventoryRebuilder.class);
    /** Generous against clock skew between this host and Redis; the script drops lapsed holds by Redis time. */
    private static final Duration SKEW_ALLOWANCE = Duration.ofMinutes(1);

    /** The three reads of a rebuild, from one snapshot of the database. */
    private record Snapshot(InventoryRecords.FlightCounts counts, List<InventoryRecords.PendingHold> holds,
            List<InventoryRecords.Sale> sales) {
    }

    private final StringRedisTemplate redis;
    /**
     * REPEATABLE READ, so a confirm committing between the reads cannot show up as a CONFIRMED
     * booking whose seats are missing from seats_sold (they would be sold twice).
     */
    private final TransactionTemplate snapshots;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> loadFlightScript;
    private final InventoryRecords records;
    private final InventoryMetrics metrics;

    @SuppressWarnings("rawtypes")
    InventoryRebuilder(StringRedisTemplate redis, RedisScript<List> loadFlightScript, InventoryRecords records,
            InventoryMetrics metrics, PlatformTransactionManager transactionManager) {
        this.redis = redis;
        this.snapshots = new TransactionTemplate(transactionManager);
        this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshots.setReadOnly(true);
        this.loadFlightScript = loadFlightScript;
        this.records = records;
        this.metrics = metrics;
    }

    /** Loads the flight unless Redis has it already; throws when the database has no such flight. */
    void rebuild(String flightId) {
        var snapshot = snapshots.execute(tx -> new Snapshot(
                records.counts(flightId).orElseThrow(
                        () -> new IllegalStateException("Flight " + flightId + " is not in the database")),
                records.pendingHolds(flightId, Instant.now().minus(SKEW_ALLOWANCE)),
                records.sales(flightId)));
        var counts = snapshot.counts();
        var holds = snapshot.holds();
        var sales = snapshot.sales();

        List<String> args = new ArrayList<>(3 + holds.size() * 3 + sales.size() * 2);
        args.add(Integer.toString(counts.capacity()));
        args.add(Integer.toString(counts.seatsSold()));
        args.add(Integer.toString(holds.size()));
        for (var hold : holds) {
            args.add(hold.bookingId());
            args.add(Integer.toString(hold.seats()));
            args.add(Long.toString(hold.expiresAt().toEpochMilli()));
        }
        for (var sale : sales) {
            args.add(sale.bookingId());
            args.add(Integer.toString(sale.seats()));
        }
        List<?> answer = redis.execute(loadFlightScript, InventoryKeys.of(flightId).all(), args.toArray());
        boolean loaded = ((Number) answer.get(0)).longValue() == 1;
        if (loaded) {
            metrics.rebuilt();
            log.atInfo().addKeyValue("flightId", flightId)
                    .log("Loaded flight {} into Redis from the database: capacity {}, sold {}, {} live holds",
                            flightId, counts.capacity(), counts.seatsSold(), answer.get(1));
        }
    }
}
