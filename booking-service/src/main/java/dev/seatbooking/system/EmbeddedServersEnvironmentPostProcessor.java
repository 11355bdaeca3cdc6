package dev.seatbooking.system;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded PostgreSQL when no {@code spring.datasource.url} is configured, and an embedded
 * Redis when neither {@code spring.data.redis.url} nor {@code spring.data.redis.host} is, and points
 * Spring at them. Set those properties (or SPRING_DATASOURCE_URL, SPRING_DATA_REDIS_URL) to use
 * external servers: then nothing is started. It runs before any bean exists, so the data source and
 * the Redis client see the URLs like any other property.
 */
class EmbeddedServersEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("embedded.enabled", Boolean.class, true)) {
            return;
        }
        Map<String, Object> urls = new HashMap<>();
        if (!environment.containsProperty("spring.datasource.url")) {
            int port = environment.getProperty("embedded.postgres-port", Integer.class, 0);
            urls.put("spring.datasource.url", EmbeddedServers.startPostgres(port));
            urls.put("spring.datasource.username", "postgres");
            urls.put("spring.datasource.password", "");
        }
        if (!environment.containsProperty("spring.data.redis.url")
                && !environment.containsProperty("spring.data.redis.host")) {
            int port = environment.getProperty("embedded.redis-port", Integer.class, 0);
            urls.put("spring.data.redis.url", EmbeddedServers.startRedis(port));
        }
        if (!urls.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("embeddedServers", urls));
        }
    }

    @Override
    public int getOrder() {
        // After the config files are read, so a URL set in application.properties counts.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
