package dev.seatbooking.system;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce settings for a service that must answer fast when Redis is gone. By default Lettuce
 * queues commands while it reconnects, so a claim would hang for the whole command timeout; here
 * it fails at once and the client gets 503 with Retry-After. Reconnects back off to at most 2 s,
 * so the service notices a restarted Redis quickly.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientSettings {

    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClientResourcesBuilderCustomizer quickReconnects() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
    }
}
