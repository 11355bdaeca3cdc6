package dev.seatbooking.system;

import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the service, injected wherever the code asks the time, so a test can set it.
 * Redis's clock still decides when a hold lapses ({@code SeatInventory.now}); this one stamps
 * records and paces jobs.
 */
@Configuration(proxyBeanMethods = false)
class ServiceClock {

    /** Milliseconds, as Redis expiries have them: a time read back shows what a write answered. */
    @Bean
    Clock clock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }
}
