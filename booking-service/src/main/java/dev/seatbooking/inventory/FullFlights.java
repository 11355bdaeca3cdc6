package dev.seatbooking.inventory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * ReleaseAnnouncements}) or made by this instance ends it at once. It remembers the seats that
 * were free: a refusal of 2 seats does not refuse a claim of 1. 0 turns it off.
 */
@Component
public class FullFlights {

    private record Full(int available, long untilNanos) {
    }

    /** Redis does not answer claims on more flights than this in one memory's life. */
    private static final int MAX_FLIGHTS = 10_000;

    private final ConcurrentHashMap<String, Full> flights = new ConcurrentHashMap<>();
    /** Counts releases seen: a refusal read before a release must not be remembered after it. */
    private final AtomicLong releases = new AtomicLong();
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

    /** Read before asking Redis; pass it to {@link #remember}. */
    long releasesSeen() {
        return releases.get();
    }

    /**
     * Redis refused a claim on the flight with {@code available} seats free, and its earliest hold
     * lapses in {@code firstLapse} (null: no holds). Not remembered when a release was seen since
     * {@code releasesBefore}: the refusal may predate it.
     */
    void remember(String flightId, int available, @Nullable Duration firstLapse, long releasesBefore) {
        long life = firstLapse == null ? boundNanos : Math.min(boundNanos, firstLapse.toNanos());
        if (life <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (flights.size() >= MAX_FLIGHTS) {
            flights.values().removeIf(full -> now - full.untilNanos() >= 0);
            if (flights.size() >= MAX_FLIGHTS) {
                return;
            }
        }
        flights.put(flightId, new Full(available, now + life));
        if (releases.get() != releasesBefore) {
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
        releases.incrementAndGet();
        flights.remove(flightId);
    }

    /** Every flight's seats may be free again: a missed announcement, a Redis reset. */
    void releasedAll() {
        releases.incrementAndGet();
        flights.clear();
    }
}
