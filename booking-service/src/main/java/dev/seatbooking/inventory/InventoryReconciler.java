package dev.seatbooking.inventory;

import dev.seatbooking.system.RedisGuard;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares each flight's Redis inventory with the database and repairs Redis from it: holds of
 * bookings that are no longer PENDING go, sales match the CONFIRMED bookings, holds of PENDING
 * bookings Redis lost come back if they fit, and the held and sold counters are recounted. This
 * heals what a crash between a database commit and its Redis step leaves behind.
 *
 * <p>Bookings whose flow is running right now are left alone: every booking the repair touches is
 * locked with {@code FOR UPDATE SKIP LOCKED} for the length of the repair, and a locked one is
 * skipped (its own flow finishes the job, or the next round does). Holds of bookings the database
 * does not know yet are left alone too: their claim may not have committed.
 */
@Component
public class InventoryReconciler {

    private static final Logger log = LoggerFactory.getLogger(InventoryReconciler.class);
    private static final Duration DEPARTED = Duration.ofDays(1);
    /** reconcile_flight.lua's answer for a flight loaded on a master this Redis replaced. */
    private static final long STALE = -6;
    private static final String[] KINDS = {"hold_removed", "hold_added", "hold_not_restored", "sale_removed",
            "sale_added", "held_count", "sold_count", "capacity", "status"};

    private final StringRedisTemplate redis;
    private final RedisGuard guard;
    private final InventoryRecords records;
    private final BookedSeats bookedSeats;
    private final TransactionTemplate transactions;
    private final MeterRegistry registry;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> reconcileFlightScript;
    private final Clock clock;
    private final SeatInventory inventory;

    @SuppressWarnings("rawtypes")
    InventoryReconciler(StringRedisTemplate redis, RedisGuard guard, InventoryRecords records, BookedSeats bookedSeats,
            TransactionTemplate transactions, MeterRegistry registry, RedisScript<List> reconcileFlightScript, Clock clock,
            SeatInventory inventory) {
        this.clock = clock;
        this.inventory = inventory;
        this.redis = redis;
        this.guard = guard;
        this.records = records;
        this.bookedSeats = bookedSeats;
        this.transactions = transactions;
        this.registry = registry;
        this.reconcileFlightScript = reconcileFlightScript;
    }

    /** On start-up (a restart may follow a crash between two steps) and every booking.reconcile-interval. */
    void reconcileAll() {
        try {
            for (String flightId : records.flightsDepartingAfter(clock.instant().minus(DEPARTED))) {
                reconcile(flightId);
            }
        } catch (RuntimeException e) {
            log.warn("Reconciliation round failed: {}", e.getMessage());
        }
    }

    /** Repairs one flight; answers the drift found, by kind (empty when Redis agreed). */
    public Map<String, Long> reconcile(String flightId) {
        var keys = InventoryKeys.of(flightId);
        Map<String, Long> drift = new HashMap<>();
        var stale = new AtomicBoolean();
        transactions.executeWithoutResult(tx -> {
            // One statement: separate reads could see a confirm commit between them.
            var snapshot = bookedSeats.snapshot(flightId, clock.instant()).orElse(null);
            if (snapshot == null) {
                return;
            }
            var counts = snapshot.counts();
            Map<String, Integer> redisHolds = seats(keys.holdSeats());
            Map<String, Integer> redisSales = seats(keys.sold());
            Map<String, Integer> dbSales = new HashMap<>();
            snapshot.sales().forEach(s -> dbSales.put(s.bookingId(), s.seats()));
            Map<String, BookedSeats.PendingHold> dbHolds = new HashMap<>();
            snapshot.holds().forEach(h -> dbHolds.put(h.bookingId(), h));

            Set<String> named = new HashSet<>();
            named.addAll(symmetricDifference(redisHolds.keySet(), dbHolds.keySet()));
            named.addAll(symmetricDifference(redisSales.keySet(), dbSales.keySet()));
            // Lock what the repair would touch; a booking mid-flow stays locked by its flow and is skipped.
            Map<String, BookedSeats.SeatState> stateOf = bookedSeats.lockSeatStates(named);

            List<String> removeHolds = new ArrayList<>();
            List<BookedSeats.PendingHold> addHolds = new ArrayList<>();
            List<String> removeSales = new ArrayList<>();
            List<BookedSeats.Sale> addSales = new ArrayList<>();
            for (String id : redisHolds.keySet()) {
                var state = stateOf.get(id);
                if (state != null && state != BookedSeats.SeatState.HELD) {
                    removeHolds.add(id);
                }
            }
            dbHolds.forEach((id, hold) -> {
                if (!redisHolds.containsKey(id) && stateOf.get(id) == BookedSeats.SeatState.HELD) {
                    addHolds.add(hold);
                }
            });
            for (String id : redisSales.keySet()) {
                var state = stateOf.get(id);
                if (state != null && state != BookedSeats.SeatState.SOLD) {
                    removeSales.add(id);
                }
            }
            dbSales.forEach((id, seats) -> {
                if (!redisSales.containsKey(id) && stateOf.get(id) == BookedSeats.SeatState.SOLD) {
                    addSales.add(new BookedSeats.Sale(id, seats));
                }
            });

            List<String> args = new ArrayList<>();
            args.add(Integer.toString(counts.capacity()));
            args.add(counts.status().name());
            args.add(Integer.toString(removeHolds.size()));
            args.addAll(removeHolds);
            args.add(Integer.toString(addHolds.size()));
            addHolds.forEach(h -> {
                args.add(h.bookingId());
                args.add(Integer.toString(h.seats()));
                args.add(Long.toString(h.expiresAt().toEpochMilli()));
            });
            args.add(Integer.toString(removeSales.size()));
            args.addAll(removeSales);
            args.add(Integer.toString(addSales.size()));
            addSales.forEach(s -> {
                args.add(s.bookingId());
                args.add(Integer.toString(s.seats()));
            });
            List<?> answer = guard.call(keys.inventory(), () -> redis.execute(reconcileFlightScript, keys.all(), args.toArray()));
            long code = ((Number) answer.get(0)).longValue();
            stale.set(code == STALE);
            if (code != 1) {
                return;
            }
            for (int k = 0; k < KINDS.length; k++) {
                long value = Math.abs(((Number) answer.get(k + 1)).longValue());
                if (value != 0) {
                    drift.put(KINDS[k], value);
                    registry.counter("inventory.drift", "flight", flightId, "kind", KINDS[k]).increment(value);
                }
            }
        });
        if (stale.get()) {
            // Loaded on a master this Redis replaced (a failover): it may lack what that master
            // acknowledged, so it is loaded again from the database rather than repaired.
            inventory.load(flightId);
        }
        if (!drift.isEmpty()) {
            log.atWarn().addKeyValue("flightId", flightId)
                    .log("Repaired the Redis inventory of {} from the database: {}", flightId, drift);
        }
        return drift;
    }

    private Map<String, Integer> seats(String hashKey) {
        Map<Object, Object> entries = guard.call(hashKey, () -> redis.opsForHash().entries(hashKey));
        Map<String, Integer> seats = new HashMap<>();
        entries.forEach((id, n) -> seats.put((String) id, Integer.parseInt((String) n)));
        return seats;
    }

    private static Set<String> symmetricDifference(Set<String> a, Set<String> b) {
        Set<String> difference = new HashSet<>(a);
        difference.addAll(b);
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        difference.removeAll(both);
        return difference;
    }
}
