package dev.seatbooking.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdTtl how long a hold lives before it lapses (booking.hold-ttl=5m)
 * @param expiryInterval how often lapsed PENDING bookings are marked TIMEOUT (booking.expiry-interval=30s)
 * @param expiryJobEnabled whether this instance runs that job (booking.expiry-job-enabled=true)
 * @param sweepInterval how often idle flights' lapsed holds are purged from Redis (booking.sweep-interval=60s)
 * @param outboxRetention how long done outbox rows are kept (booking.outbox-retention=7d)
 */
@ConfigurationProperties("booking")
record BookingProperties(@DefaultValue("5m") Duration holdTtl, @DefaultValue("30s") Duration expiryInterval,
        @DefaultValue("true") boolean expiryJobEnabled, @DefaultValue("60s") Duration sweepInterval,
        @DefaultValue("7d") Duration outboxRetention) {
}
