package dev.seatbooking.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code dependency.up{dependency="redis"|"database"}}: 1 while the server answers, 0 when it does
 * not, for the RedisDown and DatabaseDown alerts. Probed on a timer (a PING, a {@code SELECT 1}),
 * so a scrape stays cheap and answers even while a server hangs.
 */
@Component
class DependencyGauges {

    private final StringRedisTemplate redis;
    private final JdbcClient jdbc;
    private final AtomicInteger redisUp = new AtomicInteger(1);
    private final AtomicInteger databaseUp = new AtomicInteger(1);

    DependencyGauges(StringRedisTemplate redis, JdbcClient jdbc, MeterRegistry registry) {
        this.redis = redis;
        this.jdbc = jdbc;
        gauge(registry, "redis", redisUp);
        gauge(registry, "database", databaseUp);
    }

    private static void gauge(MeterRegistry registry, String dependency, AtomicInteger up) {
        Gauge.builder("dependency.up", up, AtomicInteger::get).tag("dependency", dependency)
                .description("1 while the service reaches this server, 0 when it does not").register(registry);
    }

    @Scheduled(fixedDelayString = "${booking.dependency-probe-interval:10s}")
    void probe() {
        redisUp.set(answers(() -> "PONG".equals(redis.execute((RedisCallback<String>) RedisConnection::ping))));
        databaseUp.set(answers(() -> jdbc.sql("SELECT 1").query(Integer.class).single() == 1));
    }

    private static int answers(BooleanSupplier probe) {
        try {
            return probe.getAsBoolean() ? 1 : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
