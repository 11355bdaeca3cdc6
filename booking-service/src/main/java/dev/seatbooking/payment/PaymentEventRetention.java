package dev.seatbooking.payment;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets PSP event ids after payment.event-retention (default 30d). Stripe stops redelivering an
 * event after 3 days, so a duplicate older than the retention cannot arrive; until then the id
 * makes a redelivery change nothing (I5).
 */
@Component
class PaymentEventRetention {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventRetention.class);

    private final PaymentEventRepository events;
    private final PaymentProperties properties;
    private final Clock clock;

    PaymentEventRetention(PaymentEventRepository events, PaymentProperties properties, Clock clock) {
        this.clock = clock;
        this.events = events;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "10m")
    void purge() {
        try {
            int purged = events.purgeReceivedBefore(clock.instant().minus(properties.eventRetention()));
            if (purged > 0) {
                log.info("Forgot {} PSP event ids older than {}", purged, properties.eventRetention());
            }
        } catch (RuntimeException e) {
            log.warn("PSP event purge failed: {}", e.getMessage());
        }
    }
}
