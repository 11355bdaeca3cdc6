package dev.seatbooking.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens already verified, kept until they expire: a buyer who retries, or polls a booking,
 * is not verified again each time. Only tokens the decoder accepted are kept (a refused one is
 * checked afresh every time), for at most {@code security.token-cache.max-age} (5 min) and never
 * past the token's own expiry; after that the decoder judges it again, clock skew allowance
 * included. At most {@code security.token-cache.size} tokens (10,000; 0 turns the cache off) of at
 * most 2,048 characters, about 3 KB each with their claims. A key the issuer withdraws stops
 * working for cached tokens within the max age. Hits and misses are exported as {@code cache.gets{cache="verified_tokens"}}.
 */
@Component
class VerifiedTokens {

    /** Longer tokens are verified every time: the cache's size is counted in tokens of about this size. */
    private static final int MAX_TOKEN_LENGTH = 2048;

    private final Cache<String, Jwt> verified;
    private final long size;
    private final Clock clock;

    VerifiedTokens(@Value("${security.token-cache.size:10000}") long size,
            @Value("${security.token-cache.max-age:5m}") Duration maxAge, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.size = size;
        this.verified = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifeOf(jwt, maxAge)))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, verified, "verified_tokens");
    }

    /** The decoder with this cache in front of it. */
    JwtDecoder inFrontOf(JwtDecoder decoder) {
        if (size == 0) {
            return decoder;
        }
        return token -> {
            var known = token == null ? null : verified.getIfPresent(token);
            if (known != null) {
                return known;
            }
            // Decoded outside the cache's lock: a decoder may fetch keys over the network, and a
            // virtual thread blocked inside a synchronized block would hold its carrier.
            var jwt = decoder.decode(token); // a token the decoder refuses throws: nothing is kept
            if (token.length() <= MAX_TOKEN_LENGTH) {
                verified.put(token, jwt);
            }
            return jwt;
        };
    }

    private Duration lifeOf(Jwt jwt, Duration maxAge) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return maxAge;
        }
        var untilExpiry = Duration.between(clock.instant(), expiresAt);
        return untilExpiry.isNegative() ? Duration.ZERO : (untilExpiry.compareTo(maxAge) < 0 ? untilExpiry : maxAge);
    }
}
