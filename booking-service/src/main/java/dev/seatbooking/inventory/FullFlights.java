package dev.seatbooking.inventory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Flights Redis just called full, remembered for a moment so that a crowd's refusals cost no Redis
 * call. A flight Redis refused stays full until a hold lapses or seats are released; this memory
 * holds for at most {@code inventory.full-flight-memory} (200 ms) and never past the earliest hold's
 * lapse, whatever else happens, and a release announced by a script (Redis pub/sub, {@link
 * ReleaseAnnouncements}) or made by this instance ends it at once. An announcement missed (the
 * subscription was down) costs only time: the memory lapses by itself. It remembers the seats that
 * were free: a refusal of 2 seats does not refuse a claim of 1. 0 turns it off.
 */
@Component
public class FullFlights {

    /** When a claim asked Redis, and the releases of its flight seen by then. */
    record Asked(long releasesSeen, long atNanos) {
    }

    private record Full(int available, long untilNanos) {
    }

    /** Redis does not answer claims on more flights than this in one memory's life. */
    private static final int MAX_FLIGHTS = 10_000;
    /** Releases are counted in this many stripes, by flight: a release spoils only refusals of its stripe. */
    private static final int STRIPES = 256;

    private final ConcurrentHashMap<String, Full> flights = new ConcurrentHashMap<>();
    private final AtomicLongArray releases = new AtomicLongArray(STRIPES);
    private final long boundNanos;
    private final LongSupplier nanoTime;
    private final Counter refusals;

    @Autowired
    FullFlights(@Value("${inventory.full-flight-memory:200ms}") Duration bound, MeterRegistry registry) {
        this(bound, System::nanoTime, registry);
    }

    FullFlights(Duration bound, LongSupplier nanoTime, MeterRegistry registry) {
        if (bound.isNegative() || bound.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("inventory.full-flight-memory must be 0-1s, not " + bound);
        }
        this.boundNanos = bound.toNanos();
        this.nanoTime = nanoTime;
        this.refusals = Counter.builder("inventory.claims.refused_from_memory")
                .description("Claims refused NO_SEATS from a recent answer of Redis, without asking it again")
                .register(registry);
    }

    /** Call just before asking Redis to claim on the flight; pass the answer to {@link #remember}. */
    Asked asking(String flightId) {
        return new Asked(releases.get(stripe(flightId)), nanoTime.getAsLong());
    }

    /**
     * Redis refused a claim on the flight with {@code available} seats free, and its earliest hold
     * lapses in {@code firstLapse} (null: no holds). The memory's life counts from before the
     * question (what Redis saw can only be older than its answer), and a refusal is not remembered
     * when a release of the flight's stripe was seen since: it may predate the release.
     */
    void remember(String flightId, int available, @Nullable Duration firstLapse, Asked asked) {
        long life = firstLapse == null ? boundNanos : Math.min(boundNanos, firstLapse.toNanos());
        long until = asked.atNanos() + life;
        long now = nanoTime.getAsLong();
        if (now - until >= 0) {
            return;
        }
        if (flights.size() >= MAX_FLIGHTS) {
            flights.values().removeIf(full -> now - full.untilNanos() >= 0);
            if (flights.size() >= MAX_FLIGHTS) {
                return;
            }
        }
        flights.put(flightId, new Full(available, until));
        if (releases.get(stripe(flightId)) != asked.releasesSeen()) {
            flights.remove(flightId);
        }
    }

    /** Whether the flight is known, this moment, to have fewer than {@code seats} free. */
    public boolean refuses(String flightId, int seats) {
        var full = flights.get(flightId);
        if (full == null) {
            return false;
        }
        if (nanoTime.getAsLong() - full.untilNanos() >= 0) {
            flights.remove(flightId, full);
            return false;
        }
        if (seats <= full.available()) {
            return false;
        }
        refusals.increment();
        return true;
    }

    /** Seats of the flight may be free again. */
    void released(String flightId) {
        releases.incrementAndGet(stripe(flightId));
        flights.remove(flightId);
    }

    private static int stripe(String flightId) {
        return Math.floorMod(flightId.hashCode(), STRIPES);
    }
}
