package dev.seatbooking.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param outboxRelayInterval how often the outbox relay looks for due work (booking.outbox-relay-interval=500ms)
 * @param outboxGaugeInterval how often the outbox backlog gauge is sampled (booking.outbox-gauge-interval=15s)
 * @param outboxRetention how long done outbox rows are kept (booking.outbox-retention=7d)
 * @param outboxLease how long an instance's relay owns the rows it took before another may take
 *     them (booking.outbox-lease=4m): longer than the PSP calls of one batch can take (5 rows, each
 *     at most 3 tries of 2 s to connect and 10 s to answer). A row whose relay died, or could not
 *     record its result in a database outage, is carried out again after it (each step is idempotent).
 */
@ConfigurationProperties("booking")
record OutboxProperties(@DefaultValue("500ms") Duration outboxRelayInterval,
        @DefaultValue("15s") Duration outboxGaugeInterval, @DefaultValue("7d") Duration outboxRetention,
        @DefaultValue("4m") Duration outboxLease) {
}
