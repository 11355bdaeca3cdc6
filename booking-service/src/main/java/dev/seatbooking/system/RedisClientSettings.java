package dev.seatbooking.system;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
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

    /**
     * On a Redis Cluster: the topology is read again on any sign that it changed (a MOVED or ASK
     * redirect, a slot no node serves, two failed reconnects to a node), at most once a second, and
     * every 5 s in any case. Lettuce's default waits 30 s between such reads, which would leave
     * the slots of a failed master unanswered that long after its replica took over.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer quickTopologyRefresh() {
        return options -> {
            if (options instanceof ClusterClientOptions.Builder cluster) {
                cluster.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .refreshTriggersReconnectAttempts(2)
                        .enablePeriodicRefresh(Duration.ofSeconds(5))
                        .dynamicRefreshSources(true)
                        .build());
            }
        };
    }

    @Bean
    ClientResourcesBuilderCustomizer quickReconnects() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
    }
}
