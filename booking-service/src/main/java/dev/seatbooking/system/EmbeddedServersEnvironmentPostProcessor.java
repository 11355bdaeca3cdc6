package dev.seatbooking.system;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded PostgreSQL when no {@code spring.datasource.url} is configured, and an embedded
 * Redis when no Redis is ({@code spring.data.redis.url}, {@code .host}, {@code .cluster.nodes} or
 * {@code .sentinel.nodes}), and points Spring at them. Set those properties (or
 * SPRING_DATASOURCE_URL, SPRING_DATA_REDIS_URL, SPRING_DATA_REDIS_CLUSTER_NODES) to use external
 * servers: then nothing is started. With {@code embedded.redis-cluster=true} the embedded Redis is a
 * cluster of three masters with a replica each ({@link EmbeddedRedisCluster}). It runs before any bean exists, so the data source and
 * the Redis client see the URLs like any other property.
 */
class EmbeddedServersEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Logging is not set up yet when this runs; Spring replays these lines once it is. */
    private final Log log;

    EmbeddedServersEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedServersEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("embedded.enabled", Boolean.class, true)) {
            return;
        }
        long started = System.nanoTime();
        Map<String, Object> urls = new HashMap<>();
        // Redis starts beside PostgreSQL (whose initdb takes a second or two): start-up time counts.
        CompletableFuture<String> redisUrl = null;
        boolean cluster = environment.getProperty("embedded.redis-cluster", Boolean.class, false);
        if (Stream.of("url", "host", "cluster.nodes", "sentinel.nodes")
                .noneMatch(property -> environment.containsProperty("spring.data.redis." + property))) {
            int port = environment.getProperty("embedded.redis-port", Integer.class, 0);
            redisUrl = CompletableFuture.supplyAsync(() ->
                    cluster ? EmbeddedServers.startRedisCluster() : EmbeddedServers.startRedis(port));
        }
        if (!environment.containsProperty("spring.datasource.url")) {
            int port = environment.getProperty("embedded.postgres-port", Integer.class, 0);
            urls.put("spring.datasource.url", EmbeddedServers.startPostgres(port));
            urls.put("spring.datasource.username", "postgres");
            urls.put("spring.datasource.password", "");
            log.info("Embedded PostgreSQL at " + urls.get("spring.datasource.url"));
        }
        if (redisUrl != null && cluster) {
            urls.put("spring.data.redis.cluster.nodes", redisUrl.join());
            log.info("Embedded Redis Cluster at " + urls.get("spring.data.redis.cluster.nodes"));
        } else if (redisUrl != null) {
            urls.put("spring.data.redis.url", redisUrl.join());
            log.info("Embedded Redis at " + urls.get("spring.data.redis.url"));
        }
        if (!urls.isEmpty()) {
            log.info("Embedded servers ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            environment.getPropertySources().addLast(new MapPropertySource("embeddedServers", urls));
        }
    }

    @Override
    public int getOrder() {
        // After the config files are read, so a URL set in application.properties counts.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
