package dev.seatbooking.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long a stored answer is replayed for its key (idempotency.retention=24h)
 * @param inFlightTimeout how long the in-flight marker of a running request lives, in case the
 *     process dies before removing it (idempotency.in-flight-timeout=30s)
 */
@ConfigurationProperties("idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration retention, @DefaultValue("30s") Duration inFlightTimeout) {
}
