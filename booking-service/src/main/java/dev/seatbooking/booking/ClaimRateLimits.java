package dev.seatbooking.booking;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Per-user and per-address limits on booking creation (Bucket4j token buckets kept in Redis, so
 * every instance draws from the same bucket). A flash crowd of distinct buyers is never throttled:
 * no limit counts per flight. If Redis cannot be asked, the claim goes on: the claim itself then
 * answers for the outage, and an outage must not turn into refusals of paying customers.
 */
@Component
class ClaimRateLimits implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClaimRateLimits.class);

    private final ClaimRateLimitProperties properties;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;
    private final BucketConfiguration perUser;
    private final BucketConfiguration perIp;
    private final BookingMetrics metrics;

    ClaimRateLimits(ClaimRateLimitProperties properties, LettuceConnectionFactory redis, BookingMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
        // A connection of its own, on the client (and event loops) Spring Boot built for Redis.
        this.connection = ((RedisClient) redis.getRequiredNativeClient())
                .connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(Duration.ofSeconds(1))
                .build();
        this.perUser = perWindow(properties.perUser(), properties.window());
        this.perIp = perWindow(properties.perIp(), properties.window());
    }

    /** Takes one claim from the user's and the address's buckets, or throws {@link RateLimited}. */
    void take(String userId, String clientAddress) {
        long wait = waitFor("rl:user:" + userId, perUser);
        if (wait == 0 && properties.perIpEnabled()) {
            wait = waitFor("rl:ip:" + clientAddress, perIp);
        }
        if (wait > 0) {
            metrics.claim(metrics.start(), "failure", "RATE_LIMITED");
            throw new RateLimited(wait);
        }
    }

    /** Seconds until the bucket has a token again; 0 when it gave one now. */
    private long waitFor(String key, BucketConfiguration configuration) {
        try {
            var probe = buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        } catch (RuntimeException e) {
            log.warn("Rate limit not checked, Redis did not answer: {}", e.getMessage());
            return 0;
        }
    }

    private static BucketConfiguration perWindow(long claims, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(claims).refillGreedy(claims, window))
                .build();
    }

    @Override
    public void destroy() {
        connection.close();
    }
}
