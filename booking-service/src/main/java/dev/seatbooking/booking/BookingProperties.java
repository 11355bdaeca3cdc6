package dev.seatbooking.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdTtl how long a hold lives before it lapses (booking.hold-ttl=5m)
 * @param expiryInterval how often lapsed PENDING bookings are marked TIMEOUT, and the bookings a
 *     cancelled flight still has are cancelled (booking.expiry-interval=30s)
 * @param expiryJobEnabled whether this instance runs those jobs (booking.expiry-job-enabled=true)
 * @param paymentStartLease how long a new booking's payment start is left to the instance that took
 *     the claim, or a relay that took it, before another instance's relay may run it
 *     (booking.payment-start-lease=2m): longer than one try can take (3 tries of 2 s to connect and
 *     10 s to answer), and well below the hold's TTL, or a start its instance left is never resumed
 * @param maxConcurrentClaims claims worked on at once by this instance (booking.max-concurrent-claims=32);
 *     more wait their turn, in order of arrival
 * @param claimQueueTimeout how long a claim may wait for its turn before it answers 503 SERVICE_BUSY
 *     (booking.claim-queue-timeout=30s)
 * @param paymentWatchAfter how long after its intent is recorded a PENDING booking's payment is
 *     asked of the PSP, in case neither its reply nor its webhook could settle it, and how often
 *     it is asked again while the booking waits (booking.payment-watch-after=30s); well below the
 *     hold's TTL, so that a paid buyer is confirmed before the hold lapses
 */
@ConfigurationProperties("booking")
public record BookingProperties(@DefaultValue("5m") Duration holdTtl, @DefaultValue("30s") Duration expiryInterval,
        @DefaultValue("true") boolean expiryJobEnabled, @DefaultValue("2m") Duration paymentStartLease,
        @DefaultValue("32") int maxConcurrentClaims, @DefaultValue("30s") Duration claimQueueTimeout,
        @DefaultValue("30s") Duration paymentWatchAfter) {

    public BookingProperties {
        // Shorter would ask the PSP every relay round for every payment still processing.
        if (paymentWatchAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("booking.payment-watch-after must be at least 1s, not " + paymentWatchAfter);
        }
    }
}
