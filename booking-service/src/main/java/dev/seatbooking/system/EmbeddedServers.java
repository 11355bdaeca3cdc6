package dev.seatbooking.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The real Redis and PostgreSQL servers of the default run, started from binaries that arrive
 * through Maven Central. One of each per JVM: a test JVM that builds several Spring contexts still
 * starts them once, and every context shares them.
 */
public final class EmbeddedServers {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static int redisPort;
    private static EmbeddedRedisCluster redisCluster;

    private EmbeddedServers() {
    }

    /** Starts PostgreSQL on the port given (0 for a free one) unless it runs already; returns its JDBC URL. */
    static synchronized String startPostgres(int port) {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setPort(port == 0 ? freePort() : port)
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** Starts Redis on the port given (0 for a free one) unless it runs already; returns its URL. */
    static synchronized String startRedis(int port) {
        if (redis == null) {
            redisPort = port == 0 ? freePort() : port;
            try {
                // Nothing is kept on disk: Redis is a cache of the database here (I6), and a restart
                // must come back empty, as a real crash without persistence would.
                redis = RedisServer.newRedisServer()
                        .port(redisPort)
                        .bind("127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .onShutdownForceStop(true)
                        .build();
                redis.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded Redis", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedServers::stopRedis, "embedded-redis-stop"));
        }
        return "redis://127.0.0.1:" + redisPort;
    }

    /**
     * Starts a Redis Cluster of three masters with a replica each on free ports unless it runs
     * already; returns its nodes' addresses for {@code spring.data.redis.cluster.nodes}.
     */
    static synchronized String startRedisCluster() {
        if (redisCluster == null) {
            redisCluster = EmbeddedRedisCluster.start(6);
        }
        return redisCluster.nodeAddresses();
    }

    /** The embedded Redis Cluster, when this JVM runs one: failover tests kill and pause its nodes. */
    public static synchronized Optional<EmbeddedRedisCluster> redisCluster() {
        return Optional.ofNullable(redisCluster);
    }

    /** The embedded Redis, when this JVM runs one: fault tests stop and start it. */
    public static synchronized Optional<RedisServer> redis() {
        return Optional.ofNullable(redis);
    }

    private static synchronized void stopRedis() {
        try {
            if (redis != null && redis.isActive()) {
                redis.stop();
            }
        } catch (IOException e) {
            log.warn("Could not stop the embedded Redis", e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for an embedded server", e);
        }
    }
}
