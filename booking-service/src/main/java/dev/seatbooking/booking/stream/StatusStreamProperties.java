package dev.seatbooking.booking.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param max streams open at once on this instance (booking.status-streams.max=200); one more
 *     answers 503 SERVICE_BUSY. Each holds a connection, so keep it well below
 *     server.tomcat.max-connections (512), or streams would take the connections claims need
 * @param maxPerUser streams one user may have open at once on this instance
 *     (booking.status-streams.max-per-user=5): a page per booking in a few tabs, not the instance's fill
 * @param timeout how long a stream stays open at most (booking.status-streams.timeout=10m): longer
 *     than a hold's TTL, so a page waiting for a payment hears its outcome, a TIMEOUT included
 * @param pollInterval how often the database is asked for the status of the bookings streamed
 *     here, in one query, in case a notification was lost (booking.status-streams.poll-interval=1s)
 * @param heartbeatInterval how long a stream may stay silent before a comment line keeps proxies
 *     from closing it and shows a client that went away (booking.status-streams.heartbeat-interval=15s)
 */
@ConfigurationProperties("booking.status-streams")
record StatusStreamProperties(@DefaultValue("200") int max, @DefaultValue("5") int maxPerUser,
        @DefaultValue("10m") Duration timeout,
        @DefaultValue("1s") Duration pollInterval, @DefaultValue("15s") Duration heartbeatInterval) {

    StatusStreamProperties {
        if (max < 0 || maxPerUser < 0) {
            throw new IllegalArgumentException("booking.status-streams.max and max-per-user must be 0 or more, not "
                    + max + " and " + maxPerUser);
        }
    }
}
