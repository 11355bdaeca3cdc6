package dev.seatbooking.inventory;

import dev.seatbooking.system.InventoryUnavailable;
import dev.seatbooking.system.RedisGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

/**
 * Runs the inventory scripts for one flight at a time. A flight Redis does not have (answer -3) is
 * rebuilt from the database and the call retried once, so callers never see it. A Redis outage
 * leaves as {@link dev.seatbooking.system.InventoryUnavailable} (see {@link RedisGuard}).
 */
@Service
public class SeatInventory {

    private static final long NOT_LOADED = -3;

    private final StringRedisTemplate redis;
    private final RedisGuard guard;
    private final InventoryRebuilder rebuilder;
    private final InventoryMetrics metrics;
    private final FullFlights fullFlights;
    private final RedisScript<Long> markerStateScript = InventoryScripts.withLibrary("marker_state.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> claimSeatsScript;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> confirmSeatsScript;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> releaseClaimScript;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> readInventoryScript;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> releaseSaleScript;

    @SuppressWarnings("rawtypes")
    SeatInventory(StringRedisTemplate redis, RedisGuard guard, InventoryRebuilder rebuilder, InventoryMetrics metrics,
            FullFlights fullFlights, RedisScript<List> claimSeatsScript, RedisScript<List> confirmSeatsScript,
            RedisScript<List> releaseClaimScript, RedisScript<List> readInventoryScript,
            RedisScript<List> releaseSaleScript) {
        this.releaseSaleScript = releaseSaleScript;
        this.redis = redis;
        this.guard = guard;
        this.rebuilder = rebuilder;
        this.metrics = metrics;
        this.fullFlights = fullFlights;
        this.claimSeatsScript = claimSeatsScript;
        this.confirmSeatsScript = confirmSeatsScript;
        this.releaseClaimScript = releaseClaimScript;
        this.readInventoryScript = readInventoryScript;
    }

    /** CLAIM: holds seats on one flight for the booking until now + ttl (Redis time). */
    public Hold claim(String flightId, String bookingId, int seats, Duration ttl) {
        return claim(flightId, bookingId, seats, ttl, null);
    }

    /**
     * CLAIM under an Idempotency-Key: refused as {@link ClaimResult#IN_PROGRESS} while the marker is
     * set; sets it when the hold is taken. The marker's key must carry this flight's hash tag.
     */
    public Hold claim(String flightId, String bookingId, int seats, Duration ttl, @Nullable ClaimMarker marker) {
        var keys = InventoryKeys.of(flightId).all();
        if (marker == null) {
            return hold(flightId, keys, bookingId, seats, ttl, "");
        }
        var withMarker = new ArrayList<>(keys);
        withMarker.add(marker.key());
        return hold(flightId, withMarker, bookingId, seats, ttl, "", marker.token(), Long.toString(marker.life().toMillis()),
                Long.toString(marker.inFlight().toMillis()));
    }

    /**
     * Makes sure the booking still holds its seats, with the expiry it recorded. After a committed
     * claim this closes the window where Redis was reset between the claim and the commit: the
     * rebuild may have read the database before the booking was there.
     */
    public Hold reassert(String flightId, String bookingId, int seats, Instant expiresAt) {
        return hold(flightId, InventoryKeys.of(flightId).all(), bookingId, seats, Duration.ofMillis(1),
                Long.toString(expiresAt.toEpochMilli()));
    }

    /** Whether the flight is in the memory of full flights at all (see {@link FullFlights#remembers}). */
    public boolean remembersFull(String flightId) {
        return fullFlights.remembers(flightId);
    }

    /**
     * Whether a claim of {@code seats} on the flight would be refused, as far as this instance
     * knows without claiming ({@link FullFlights}): from memory, or, when the memory has just lapsed
     * and this claim is the first to see it, from one read of the flight's counts, remembered as a
     * claim's refusal is. False means "ask Redis by claiming", not "free".
     */
    public boolean refusesFromMemory(String flightId, int seats) {
        if (fullFlights.refuses(flightId, seats)) {
            return true;
        }
        if (!fullFlights.askingHere(flightId)) {
            return false;
        }
        // The memory lapsed and this claim has the turn to ask: a read of the counts answers at once,
        // where the claim's own question would wait for its turn (ClaimAdmission) and its rate limit.
        var asked = fullFlights.asking(flightId);
        try {
            List<Long> answer = call(readInventoryScript, InventoryKeys.of(flightId).withoutSold());
            if (answer.get(0) == NOT_LOADED) {
                return false;
            }
            metrics.expired(purged(answer));
            long available = answer.get(1) - answer.get(2) - answer.get(3);
            if (available >= seats || FlightStatus.ofCode(answer.get(5)) != FlightStatus.OPEN) {
                // A closed flight is refused by the claim script, as FLIGHT_CLOSED, never from memory.
                return false;
            }
            rememberFull(flightId, available, answer.get(4), asked);
            return true;
        } catch (RuntimeException e) {
            // The claim asks by claiming, and meets the failure there.
            return false;
        } finally {
            // Whatever happened, this claim's turn ends here (a no-op once the answer is remembered):
            // the claims waiting for it then ask themselves.
            fullFlights.doneAsking(flightId);
        }
    }

    /**
     * Whether an Idempotency-Key's marker is set in the flight's slot, or may be: Redis lost the
     * flight (and its markers with it), or cannot be asked.
     */
    public boolean markerMayBeSet(String flightId, String markerKey) {
        try {
            Long answer = guard.call(markerKey, () -> redis.execute(markerStateScript,
                    List.of(InventoryKeys.of(flightId).inventory(), markerKey)));
            return answer == null || answer != 0;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private Hold hold(String flightId, List<String> keys, String bookingId, int seats, Duration ttl, String expiresAt,
            String... markerArgs) {
        var args = new ArrayList<>(List.of(bookingId, Integer.toString(seats), Long.toString(ttl.toMillis()), expiresAt));
        args.addAll(List.of(markerArgs));
        var asked = fullFlights.asking(flightId);
        List<Long> answer;
        try {
            answer = run(claimSeatsScript, flightId, keys, args.toArray(String[]::new));
        } catch (RuntimeException e) {
            fullFlights.answered(flightId);
            throw e;
        }
        var result = ClaimResult.of(answer.get(0));
        if (result == ClaimResult.NO_SEATS) {
            rememberFull(flightId, answer.get(1), answer.get(2), asked);
            return new Hold(result, null);
        }
        if (result == ClaimResult.HELD) {
            // Seats were free: claims waiting for a refusal ask Redis themselves. Other answers (a
            // re-asserted hold, a key in progress) say nothing of the seats and wake nobody.
            fullFlights.answered(flightId);
        }
        Instant expiry = answer.get(1) > 0 ? Instant.ofEpochMilli(answer.get(1)) : null;
        return new Hold(result, expiry);
    }

    /** A script's answer that the flight is full: the seats free, and the milliseconds until its first hold lapses (-1: none). */
    private void rememberFull(String flightId, long available, long firstLapseMillis, FullFlights.Asked asked) {
        fullFlights.remember(flightId, (int) available, firstLapseMillis < 0 ? null : Duration.ofMillis(firstLapseMillis), asked);
    }

    /** CONFIRM: turns the booking's hold on one flight into a sale, or takes free seats if it lapsed. */
    public ConfirmResult confirm(String flightId, String bookingId, int seats) {
        var sample = metrics.start();
        try {
            List<Long> answer = run(confirmSeatsScript, flightId, InventoryKeys.of(flightId).all(),
                    bookingId, Integer.toString(seats));
            var result = ConfirmResult.of(answer.get(0), answer.get(1));
            metrics.confirmed(sample, result.sold() ? "success" : "failure");
            return result;
        } catch (RuntimeException e) {
            metrics.confirmed(sample, "error");
            throw e;
        }
    }

    /** Gives the booking's hold on one flight back at once. */
    public ReleaseResult release(String flightId, String bookingId) {
        var sample = metrics.start();
        try {
            // A missing flight is rebuilt first: a rebuild running meanwhile may load this booking's hold.
            List<Long> answer = run(releaseClaimScript, flightId, InventoryKeys.of(flightId).withoutSold(), bookingId);
            var result = answer.get(0) == 1 ? ReleaseResult.RELEASED : ReleaseResult.NOTHING_HELD;
            if (result == ReleaseResult.RELEASED) {
                fullFlights.released(flightId);
            }
            metrics.released(sample, result == ReleaseResult.RELEASED ? "success" : "failure");
            return result;
        } catch (RuntimeException e) {
            metrics.released(sample, "error");
            throw e;
        }
    }

    /**
     * Gives back the seats the booking bought on one flight, to be sold again: a refunded
     * cancellation, or a booking that will not keep them. True when there was a sale to give back.
     */
    public boolean releaseSale(String flightId, String bookingId) {
        List<Long> answer = run(releaseSaleScript, flightId, InventoryKeys.of(flightId).all(), bookingId);
        if (answer.get(0) == 1) {
            fullFlights.released(flightId);
        }
        return answer.get(0) >= 1;
    }

    /**
     * Undoes a confirm whose database step failed: the sale becomes the booking's hold again with
     * the expiry it recorded, if that is still ahead; otherwise its seats go back on sale.
     */
    public SaleUndone undoSale(String flightId, String bookingId, Instant holdExpiresAt) {
        List<Long> answer = run(releaseSaleScript, flightId, InventoryKeys.of(flightId).all(), bookingId,
                Long.toString(holdExpiresAt.toEpochMilli()));
        if (answer.get(0) == 1) {
            fullFlights.released(flightId);
        }
        return switch (answer.get(0).intValue()) {
            case 2 -> SaleUndone.BACK_TO_HOLD;
            case 1 -> SaleUndone.RELEASED;
            default -> SaleUndone.NOTHING_SOLD;
        };
    }

    /** Live counts of one flight, after purging its lapsed holds. */
    public FlightInventory read(String flightId) {
        List<Long> answer = run(readInventoryScript, flightId, InventoryKeys.of(flightId).withoutSold());
        return new FlightInventory(answer.get(1).intValue(), answer.get(2).intValue(), answer.get(3).intValue(),
                FlightStatus.ofCode(answer.get(5)));
    }

    /**
     * Deletes whatever Redis holds under a flight id, before the flight is recorded: keys that
     * outlived a database reset would otherwise stand for the new flight.
     */
    public void forget(String flightId) {
        guard.call(InventoryKeys.of(flightId).inventory(), () -> redis.delete(InventoryKeys.of(flightId).all()));
        fullFlights.released(flightId);
    }

    /** Loads a flight into Redis (a no-op when Redis has it, loaded on its current master). */
    public void load(String flightId) {
        rebuild(flightId);
    }

    private void rebuild(String flightId) {
        guard.call(InventoryKeys.of(flightId).inventory(), () -> {
            rebuilder.rebuild(flightId);
            return null;
        });
    }

    /** Redis's clock, which decides when holds lapse, so jobs agree with the scripts. */
    public Instant now() {
        Long millis = guard.call(() -> redis.execute(
                (RedisCallback<Long>) connection -> connection.serverCommands().time(TimeUnit.MILLISECONDS)));
        return Instant.ofEpochMilli(millis);
    }

    @SuppressWarnings("rawtypes")
    private List<Long> run(RedisScript<List> script, String flightId, List<String> keys, String... args) {
        List<Long> answer = call(script, keys, args);
        if (answer.get(0) == NOT_LOADED) {
            rebuild(flightId);
            fullFlights.released(flightId);
            answer = call(script, keys, args);
            if (answer.get(0) == NOT_LOADED) {
                // Flushed again between the rebuild and the retry: Redis is not in a state to answer.
                throw new InventoryUnavailable(new IllegalStateException("Flight " + flightId + " lost again after a rebuild"));
            }
        }
        metrics.expired(purged(answer));
        return answer;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<Long> call(RedisScript<List> script, List<String> keys, String... args) {
        List<?> answer = guard.call(keys.getFirst(), () -> redis.execute(script, keys, (Object[]) args));
        return answer.stream().map(v -> ((Number) v).longValue()).toList();
    }

    /** Every script answers the number of lapsed holds it purged last. */
    private static long purged(List<Long> answer) {
        return answer.get(answer.size() - 1);
    }
}
