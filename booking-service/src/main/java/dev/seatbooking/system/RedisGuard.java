package dev.seatbooking.system;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every Redis call of the booking flow goes through here. An outage (not connected, timed out,
 * loading, failing over) becomes {@link InventoryUnavailable}: 503 with Retry-After, never a 500.
 * The "redis" circuit breaker counts those outages; once it opens, calls fail at once for a moment
 * instead of each waiting out the command timeout (resilience4j.circuitbreaker.instances.redis.*).
 * On a Redis Cluster a call on a key counts with the master that serves the key's slot, in a
 * breaker of its own with the same settings ("redis 10.0.0.12:6379"): one master down, or failing
 * over, then refuses the calls on its own slots only. A script error is a bug, not an outage, and
 * passes through unchanged.
 */
@Component
public class RedisGuard {

    /** Redis's answers while it restarts or fails over; the call may succeed a moment later. */
    private static final List<String> TRANSIENT_REPLIES =
            List.of("LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN");

    /** The prefix of a master's breaker, before its address. */
    private static final String PER_MASTER = "redis ";

    private final CircuitBreakerRegistry breakers;
    private final CircuitBreaker breaker;
    /** The cluster's client, whose view of the topology says which master serves a slot; null on a single Redis. */
    private final @Nullable RedisClusterClient cluster;

    RedisGuard(CircuitBreakerRegistry breakers, LettuceConnectionFactory redis) {
        this.breakers = breakers;
        this.breaker = breakers.circuitBreaker("redis");
        this.cluster = redis.getRequiredNativeClient() instanceof RedisClusterClient client ? client : null;
    }

    /** A call that touches no key, or keys in several slots: counted by the "redis" breaker. */
    public <T> T call(Supplier<T> call) {
        return call(breaker, call);
    }

    /** A call on keys in the slot of {@code key}: counted by the breaker of the master that serves it. */
    public <T> T call(String key, Supplier<T> call) {
        return call(breakerFor(key), call);
    }

    /**
     * The breaker that guards calls on the key: "redis" on a single Redis; on a cluster, that of
     * the master the client knows for the key's slot (after a failover, the promoted replica's).
     */
    public CircuitBreaker breakerFor(String key) {
        if (cluster == null) {
            return breaker;
        }
        RedisClusterNode master;
        try {
            master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        } catch (RuntimeException e) {
            return breaker; // the topology cannot be read now: the call meets the outage itself
        }
        if (master == null || master.getUri() == null) {
            return breaker;
        }
        return breakers.circuitBreaker(PER_MASTER + address(master), breaker.getCircuitBreakerConfig());
    }

    /**
     * Forgets the breakers of addresses that serve no slot any more (a master replaced in a
     * failover, an address gone with its pod), with their meters: an open one would otherwise stay
     * open for good, since no call comes to close it, and keep its alert firing.
     */
    @Scheduled(fixedDelayString = "10s", initialDelayString = "10s")
    void forgetReplacedMasters() {
        if (cluster == null) {
            return;
        }
        Set<String> serving = new HashSet<>();
        try {
            for (var node : cluster.getPartitions()) {
                if (node.getUri() != null && !node.getSlots().isEmpty()) { // only masters serve slots
                    serving.add(PER_MASTER + address(node));
                }
            }
        } catch (RuntimeException e) {
            return;
        }
        breakers.getAllCircuitBreakers().stream().map(CircuitBreaker::getName)
                .filter(name -> name.startsWith(PER_MASTER) && !serving.contains(name))
                .forEach(breakers::remove);
    }

    private static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    private static <T> T call(CircuitBreaker breaker, Supplier<T> call) {
        try {
            return breaker.executeSupplier(() -> translate(call));
        } catch (CallNotPermittedException e) {
            throw new InventoryUnavailable(e);
        }
    }

    private static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisConnectionFailureException | QueryTimeoutException e) {
            throw new InventoryUnavailable(e);
        } catch (RedisSystemException e) {
            if (isOutage(e.getCause())) {
                throw new InventoryUnavailable(e);
            }
            throw e;
        }
    }

    private static boolean isOutage(Throwable cause) {
        if (cause instanceof RedisCommandExecutionException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return TRANSIENT_REPLIES.stream().anyMatch(message::startsWith);
        }
        // Lettuce rejects commands while disconnected with a plain RedisException
        // ("Currently not connected"), which Spring wraps as a RedisSystemException.
        return cause instanceof RedisException;
    }
}
