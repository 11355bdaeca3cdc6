package dev.seatbooking.booking.claim;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.seatbooking.booking.BookingMetrics;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
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
 * Per-user and per-address limits on booking creation, drawn twice. {@link #takeHere} draws from
 * buckets in this instance's memory, before any work: it costs nothing, and stops a client who
 * polls a sold-out flight, whose refusals come from memory, from doing so without limit. {@link
 * #take} draws from Bucket4j buckets kept in Redis, which every instance shares, before a claim that
 * will cost something (a Redis call, a booking). A flash crowd of distinct buyers is never
 * throttled: no limit counts per flight. If Redis cannot be asked, the claim goes on: the claim
 * itself then answers for the outage, and an outage must not turn into refusals of paying customers.
 */
@Component
class ClaimRateLimits implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClaimRateLimits.class);

    private final ClaimRateLimitProperties properties;
    private final AutoCloseable connection;
    private final ProxyManager<String> buckets;
    private final BucketConfiguration perUser;
    private final BucketConfiguration perIp;
    private final BookingMetrics metrics;
    /** This instance's buckets, by "user:" or "ip:" and the id; idle ones go after a window. */
    private final Cache<String, Bucket> local;

    ClaimRateLimits(ClaimRateLimitProperties properties, LettuceConnectionFactory redis, BookingMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
        // A connection of its own, on the client (and event loops) Spring Boot built for Redis: a
        // cluster client on a cluster, where each bucket's one key routes to its slot's master.
        var codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder;
        if (redis.getRequiredNativeClient() instanceof RedisClusterClient cluster) {
            var clusterConnection = cluster.connect(codec);
            this.connection = clusterConnection;
            builder = Bucket4jLettuce.casBasedBuilder(clusterConnection);
        } else {
            var single = ((RedisClient) redis.getRequiredNativeClient()).connect(codec);
            this.connection = single;
            builder = Bucket4jLettuce.casBasedBuilder(single);
        }
        this.buckets = builder
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(Duration.ofSeconds(1))
                .build();
        this.perUser = perWindow(properties.perUser(), properties.window());
        this.perIp = perWindow(properties.perIp(), properties.window());
        this.local = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(properties.window()).build();
    }

    /** Takes one claim from this instance's buckets for the user and the address, or throws {@link RateLimited}. */
    void takeHere(String userId, String clientAddress) {
        long wait = waitHere("user:" + userId, perUser);
        if (wait == 0 && properties.perIpEnabled()) {
            wait = waitHere("ip:" + clientAddress, perIp);
        }
        refuseIfWaiting(wait);
    }

    private long waitHere(String key, BucketConfiguration configuration) {
        var probe = local.get(key, k -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build())
                .tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : secondsToWait(probe);
    }

    /** Takes one claim from the user's and the address's buckets in Redis, or throws {@link RateLimited}. */
    void take(String userId, String clientAddress) {
        long wait = waitFor("rl:user:" + userId, perUser);
        if (wait == 0 && properties.perIpEnabled()) {
            wait = waitFor("rl:ip:" + clientAddress, perIp);
        }
        refuseIfWaiting(wait);
    }

    private void refuseIfWaiting(long wait) {
        if (wait > 0) {
            metrics.claim(metrics.start(), "failure", "RATE_LIMITED");
            throw new RateLimited(wait);
        }
    }

    /** Seconds until the bucket has a token again; 0 when it gave one now. */
    private long waitFor(String key, BucketConfiguration configuration) {
        try {
            var probe = buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : secondsToWait(probe);
        } catch (RuntimeException e) {
            log.warn("Rate limit not checked, Redis did not answer: {}", e.getMessage());
            return 0;
        }
    }

    private static long secondsToWait(ConsumptionProbe probe) {
        return Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
    }

    private static BucketConfiguration perWindow(long claims, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(claims).refillGreedy(claims, window))
                .build();
    }

    @Override
    public void destroy() throws Exception {
        connection.close();
    }
}
