package dev.paymentsimulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * A map that forgets: entries older than the retention go, and past the size cap the oldest go
 * first, so a simulator left running for weeks (or a flash crowd of intents) keeps its memory
 * bounded. Entries are kept in the order they were put; each put does the forgetting it owes.
 */
final class RecentObjects<V> {

    private record Stamped<V>(V value, Instant at) {
    }

    private final Map<String, Stamped<V>> byId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final Duration retention;
    private final int max;
    private final Clock clock;

    RecentObjects(Duration retention, int max) {
        this(retention, max, Clock.systemUTC());
    }

    RecentObjects(Duration retention, int max, Clock clock) {
        this.retention = retention;
        this.max = Math.max(1, max);
        this.clock = clock;
    }

    void put(String id, V value) {
        if (byId.put(id, new Stamped<>(value, clock.instant())) == null) {
            order.add(id);
        }
        forgetOld();
    }

    @Nullable V get(String id) {
        var stamped = byId.get(id);
        return stamped == null ? null : stamped.value();
    }

    /** The values in the order they were put, oldest first. */
    List<V> inOrder() {
        return order.stream().map(byId::get).filter(Objects::nonNull).map(Stamped::value).toList();
    }

    int size() {
        return byId.size();
    }

    private void forgetOld() {
        var oldestKept = clock.instant().minus(retention);
        while (true) {
            String oldest = order.peek();
            if (oldest == null) {
                return;
            }
            var stamped = byId.get(oldest);
            boolean expired = stamped == null || stamped.at().isBefore(oldestKept);
            if (!expired && byId.size() <= max) {
                return;
            }
            if (order.remove(oldest)) {
                byId.remove(oldest);
            }
        }
    }
}
