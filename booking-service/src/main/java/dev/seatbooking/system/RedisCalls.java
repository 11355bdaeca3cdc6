package dev.seatbooking.system;

import io.lettuce.core.RedisException;
import java.util.function.Supplier;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

/**
 * Runs one Redis call and turns "Redis is down or slow" into {@link InventoryUnavailable}, so callers
 * answer 503 with Retry-After instead of 500. A script error is a bug, not an outage, and passes
 * through unchanged.
 */
public final class RedisCalls {

    private RedisCalls() {
    }

    public static <T> T guard(Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisConnectionFailureException | QueryTimeoutException e) {
            throw new InventoryUnavailable(e);
        } catch (RedisSystemException e) {
            if (isConnectionProblem(e.getCause())) {
                throw new InventoryUnavailable(e);
            }
            throw e;
        }
    }

    /** Redis's answers while it restarts or fails over; the call may succeed a moment later. */
    private static final java.util.List<String> TRANSIENT_REPLIES =
            java.util.List.of("LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN");

    private static boolean isConnectionProblem(Throwable cause) {
        if (cause instanceof io.lettuce.core.RedisCommandExecutionException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return TRANSIENT_REPLIES.stream().anyMatch(message::startsWith);
        }
        // Lettuce rejects commands while disconnected with a plain RedisException
        // ("Currently not connected"), which Spring wraps as a RedisSystemException.
        return cause instanceof RedisException;
    }
}
