package dev.seatbooking.inventory;

import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Hears the releases every instance makes: the scripts that put seats back on sale publish the
 * flight's id on {@code inv:released} (lib/holds.lua), and each instance then forgets that the
 * flight was full ({@link FullFlights}). An announcement missed while the subscription is down
 * costs nothing but time: the memory lapses by itself within its bound.
 */
@Configuration(proxyBeanMethods = false)
class ReleaseAnnouncements {

    static final String CHANNEL = "inv:released";

    @Bean
    RedisMessageListenerContainer releaseAnnouncementListener(RedisConnectionFactory redis, FullFlights fullFlights) {
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        // Forgetting a flight is a map removal: no thread per message.
        container.setTaskExecutor(new SyncTaskExecutor());
        container.addMessageListener((message, pattern) ->
                fullFlights.released(new String(message.getBody(), StandardCharsets.UTF_8)), new ChannelTopic(CHANNEL));
        return container;
    }
}
