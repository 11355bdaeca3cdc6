package dev.seatbooking.inventory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *
 * <p>When the memory lapses, the first claim to notice asks Redis, with a read of the flight's
 * counts ({@link SeatInventory#refusesFromMemory}), and the others on the flight wait for its
 * answer, up to 50 ms, instead of all asking at once: the claims a crowd has in flight at that
 * moment would otherwise all queue for Redis together, every time the memory lapses.
 */
@Component
public class FullFlights {

    /** When a claim asked Redis, and the releases of its flight seen by then. */
    record Asked(long releasesSeen, long atNanos) {
    }

    private sealed interface Entry permits Full, Asking {
    }

    private record Full(int available, long untilNanos) implements Entry {
    }

    /** The memory lapsed and {@code asker} is asking Redis; others wait for its answer until {@code untilNanos}. */
    private record Asking(CompletableFuture<Void> answered, long untilNanos, Thread asker) implements Entry {
    }

    /** Redis does not answer claims on more flights than this in one memory's life. */
    private static final int MAX_FLIGHTS = 10_000;
    /** Releases are counted in this many stripes, by flight: a release spoils only refusals of its stripe. */
    private static final int STRIPES = 256;
    /** How long claims wait for the one asking Redis before they ask themselves. */
    private static final Duration WAIT = Duration.ofMillis(50);

    private final ConcurrentHashMap<String, Entry> flights = new ConcurrentHashMap<>();
    private final AtomicLongArray releases = new AtomicLongArray(STRIPES);
    private final long boundNanos;
    private final long waitNanos;
    private final LongSupplier nanoTime;

    @Autowired
    FullFlights(@Value("${inventory.full-flight-memory:200ms}") Duration bound) {
        this(bound, WAIT, System::nanoTime);
    }

    FullFlights(Duration bound, Duration wait, LongSupplier nanoTime) {
        if (bound.isNegative() || bound.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("inventory.full-flight-memory must be 0-1s, not " + bound);
        }
        this.boundNanos = bound.toNanos();
        this.waitNanos = wait.toNanos();
        this.nanoTime = nanoTime;
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
        if (now - until >= 0 || !roomFor(now)) {
            doneAsking(flightId);
            return;
        }
        wake(flights.put(flightId, new Full(available, until)));
        if (releases.get(stripe(flightId)) != asked.releasesSeen()) {
            wake(flights.remove(flightId));
        }
    }

    /** A claim on the flight took seats, or failed in Redis: claims waiting for a refusal ask Redis themselves. */
    void answered(String flightId) {
        if (flights.get(flightId) instanceof Asking asking && flights.remove(flightId, asking)) {
            asking.answered().complete(null);
        }
    }

    /**
     * This thread asked Redis and learnt nothing to remember (seats free, the flight not loaded, a
     * failure, an answer too old): the claims waiting for it ask themselves. Another thread's turn
     * to ask, taken since this one's wait ran out, is left alone.
     */
    void doneAsking(String flightId) {
        if (flights.get(flightId) instanceof Asking asking && asking.asker() == Thread.currentThread()
                && flights.remove(flightId, asking)) {
            asking.answered().complete(null);
        }
    }

    /** Whether this thread has the turn to ask Redis about the flight, its memory having lapsed. */
    boolean askingHere(String flightId) {
        return flights.get(flightId) instanceof Asking asking && asking.asker() == Thread.currentThread();
    }

    private boolean roomFor(long now) {
        if (flights.size() < MAX_FLIGHTS) {
            return true;
        }
        flights.values().removeIf(entry -> now - untilNanos(entry) >= 0);
        return flights.size() < MAX_FLIGHTS;
    }

    /** Whether the flight is in this memory at all, fresh or lapsed: a claim on one that is not is not refused from it. */
    public boolean remembers(String flightId) {
        return flights.containsKey(flightId);
    }

    /**
     * Whether the flight is known, this moment, to have fewer than {@code seats} free. False when
     * the memory has just lapsed, and then the caller has the turn to ask Redis ({@link #askingHere})
     * and must tell the answer ({@link #remember} or {@link #doneAsking}); claims that come meanwhile
     * wait for it.
     */
    public boolean refuses(String flightId, int seats) {
        while (true) {
            var entry = flights.get(flightId);
            if (entry == null) {
                return false;
            }
            long now = nanoTime.getAsLong();
            if (now - untilNanos(entry) >= 0) {
                // Lapsed: the first to see it asks Redis, as Asking; an Asking past its wait is dropped.
                var next = entry instanceof Full
                        ? new Asking(new CompletableFuture<>(), now + waitNanos, Thread.currentThread()) : null;
                if (next == null ? flights.remove(flightId, entry) : flights.replace(flightId, entry, next)) {
                    wake(entry);
                    return false;
                }
            } else if (entry instanceof Full full) {
                if (seats <= full.available()) {
                    return false;
                }
                return true;
            } else if (!awaitAnswer((Asking) entry, now)) {
                return false;
            }
        }
    }

    /** Waits for the claim asking Redis; false when it did not answer in time. */
    private static boolean awaitAnswer(Asking asking, long now) {
        try {
            asking.answered().get(asking.untilNanos() - now, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("An answer is never exceptional", e);
        }
    }

    private static long untilNanos(Entry entry) {
        return switch (entry) {
            case Full full -> full.untilNanos();
            case Asking asking -> asking.untilNanos();
        };
    }

    /** Claims waiting on a replaced entry look again. */
    private static void wake(@Nullable Entry replaced) {
        if (replaced instanceof Asking asking) {
            asking.answered().complete(null);
        }
    }

    /** Seats of the flight may be free again. */
    void released(String flightId) {
        releases.incrementAndGet(stripe(flightId));
        wake(flights.remove(flightId));
    }

    private static int stripe(String flightId) {
        return Math.floorMod(flightId.hashCode(), STRIPES);
    }
}
