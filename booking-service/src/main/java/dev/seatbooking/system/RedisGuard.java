package dev.seatbooking.system;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.stereotype.Component;

/**
 * Every Redis call of the booking flow goes through here. An outage (not connected, timed out,
 * loading, failing over) becomes {@link InventoryUnavailable}: 503 with Retry-After, never a 500.
 * The "redis" circuit breaker counts those outages; once it opens, calls fail at once for a moment
 * instead of each waiting out the command timeout (resilience4j.circuitbreaker.instances.redis.*).
 * A script error is a bug, not an outage, and passes through unchanged.
 */
@Component
public class RedisGuard {

    /** Redis's answers while it restarts or fails over; the call may succeed a moment later. */
    private static final List<String> TRANSIENT_REPLIES =
            List.of("LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN");

    private final CircuitBreaker breaker;

    RedisGuard(CircuitBreakerRegistry breakers) {
        this.breaker = breakers.circuitBreaker("redis");
    }

    public <T> T call(Supplier<T> call) {
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
