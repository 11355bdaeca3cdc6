package dev.seatbooking.system;

import io.lettuce.core.tracing.LettuceObservationContext;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Redis command is observed (a span, Lettuce's timers) only as part of something observed: a
 * request, a scheduled job. Alone it would start a trace of its own, as the two small reads of a
 * keyed claim refused before the filter chain (booking.EarlyRefusalFilter) would, thousands a
 * second in a flash crowd, and cost each refusal about 15 µs of CPU (docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
class RedisObservations {

    @Bean
    ObservationRegistryCustomizer<ObservationRegistry> redisCommandsWithinAnObservation() {
        return registry -> registry.observationConfig().observationPredicate((name, context) ->
                !(context instanceof LettuceObservationContext) || registry.getCurrentObservation() != null);
    }
}
