package dev.seatbooking.booking.claim;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on booking creation, counted in Redis so they hold across instances.
 *
 * @param perUser claims one user may make per window (booking.rate-limit.per-user=20)
 * @param perIp claims one client address may make per window (booking.rate-limit.per-ip=300)
 * @param perIpEnabled whether the per-address limit applies (booking.rate-limit.per-ip-enabled=true);
 *     off for a load test, which comes from one address, or behind a proxy that hides addresses
 * @param window the window both limits refill over, greedily (booking.rate-limit.window=1m)
 */
@ConfigurationProperties("booking.rate-limit")
record ClaimRateLimitProperties(@DefaultValue("20") long perUser, @DefaultValue("300") long perIp,
        @DefaultValue("true") boolean perIpEnabled, @DefaultValue("1m") Duration window) {
}
