package dev.seatbooking.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdTtl how long a hold lives before it lapses (booking.hold-ttl=5m)
 * @param expiryInterval how often lapsed PENDING bookings are marked TIMEOUT (booking.expiry-interval=30s)
 * @param expiryJobEnabled whether this instance runs that job (booking.expiry-job-enabled=true)
 * @param outboxRelayInterval how often the outbox relay looks for due work (booking.outbox-relay-interval=500ms)
 * @param paymentStartLease how long a new booking's payment start is left to the instance that took
 *     the claim before another instance's relay may start it (booking.payment-start-lease=2m): longer
 *     than one try can take (3 tries of 2 s to connect and 10 s to answer), well within the hold
 * @param outboxGaugeInterval how often the outbox backlog gauge is sampled (booking.outbox-gauge-interval=15s)
 * @param outboxRetention how long done outbox rows are kept (booking.outbox-retention=7d)
 * @param outboxLease how long an instance's relay owns the rows it took before another may take
 *     them (booking.outbox-lease=4m): longer than the PSP calls of one batch can take (5 rows, each
 *     at most 3 tries of 2 s to connect and 10 s to answer). A row whose relay died, or could not
 *     record its result in a database outage, is carried out again after it (each step is idempotent).
 * @param maxConcurrentClaims claims worked on at once by this instance (booking.max-concurrent-claims=32);
 *     more wait their turn, in order of arrival
 * @param claimQueueTimeout how long a claim may wait for its turn before it answers 503 SERVICE_BUSY
 *     (booking.claim-queue-timeout=30s)
 */
@ConfigurationProperties("booking")
record BookingProperties(@DefaultValue("5m") Duration holdTtl, @DefaultValue("30s") Duration expiryInterval,
        @DefaultValue("true") boolean expiryJobEnabled, @DefaultValue("500ms") Duration outboxRelayInterval,
        @DefaultValue("2m") Duration paymentStartLease, @DefaultValue("15s") Duration outboxGaugeInterval,
        @DefaultValue("7d") Duration outboxRetention, @DefaultValue("4m") Duration outboxLease,
        @DefaultValue("32") int maxConcurrentClaims, @DefaultValue("30s") Duration claimQueueTimeout) {
}
