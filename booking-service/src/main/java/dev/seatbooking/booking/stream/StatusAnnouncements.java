package dev.seatbooking.booking.stream;

import dev.seatbooking.booking.BookingStatusChanged;
import dev.seatbooking.system.RedisGuard;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Tells every instance that a booking changed: the instance whose outbox relay publishes a committed
 * status change ({@link BookingStatusChanged}) PUBLISHes the booking id on {@code booking:status};
 * every instance that streams the booking, this one included, refreshes its streams from the
 * database. A notification lost (Redis down, a subscription reconnecting) is made
 * up by {@link StatusStreams#poll} within booking.status-streams.poll-interval. In a cluster
 * PUBLISH reaches every node's subscribers.
 */
@Configuration(proxyBeanMethods = false)
class StatusAnnouncements {

    static final String CHANNEL = "booking:status";

    private static final Logger log = LoggerFactory.getLogger(StatusAnnouncements.class);

    private final StatusStreams streams;
    private final StringRedisTemplate redis;
    private final RedisGuard guard;
    /** Refreshes read the database: off the subscription's thread, one virtual thread each. */
    private final Executor refreshes = Executors.newVirtualThreadPerTaskExecutor();

    StatusAnnouncements(StatusStreams streams, StringRedisTemplate redis, RedisGuard guard) {
        this.streams = streams;
        this.redis = redis;
        this.guard = guard;
    }

    @EventListener
    void announce(BookingStatusChanged change) {
        try {
            guard.call(() -> redis.convertAndSend(CHANNEL, change.bookingId()));
        } catch (RuntimeException e) {
            // The instances' polls find the change instead.
            log.debug("Status change of {} not announced: {}", change.bookingId(), e.getMessage());
        }
    }

    @Bean
    RedisMessageListenerContainer statusAnnouncementListener(RedisConnectionFactory redis) {
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        container.setTaskExecutor(new SyncTaskExecutor());
        container.addMessageListener((message, pattern) -> {
            String bookingId = new String(message.getBody(), StandardCharsets.UTF_8);
            if (streams.streams(bookingId)) {
                refreshes.execute(() -> streams.refresh(bookingId));
            }
        }, new ChannelTopic(CHANNEL));
        return container;
    }
}
