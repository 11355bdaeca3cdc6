package dev.seatbooking.idempotency;

import dev.seatbooking.system.RedisGuard;
import dev.seatbooking.system.ValidationFailed;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * I7. A keyed request runs as: {@link #begin} (take the in-flight marker, or answer from the stored
 * record), the change with {@link #record} in its transaction, then {@link #end}. A request refused
 * before any change records nothing, so the client may retry it under the same key.
 */
@Component
public class IdempotencyKeys {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyKeyRepository repository;
    private final StringRedisTemplate redis;
    private final RedisGuard guard;
    private final JsonMapper json;
    private final IdempotencyProperties properties;
    /**
     * Read once into a string: a script built on a classpath resource checks the resource's
     * modification time, under a lock, on every call, which serialises every request on it.
     */
    private final RedisScript<Long> releaseMarker = RedisScript.of(readScript("redis/release_marker.lua"), Long.class);

    IdempotencyKeys(IdempotencyKeyRepository repository, StringRedisTemplate redis, RedisGuard guard, JsonMapper json,
            IdempotencyProperties properties) {
        this.guard = guard;
        this.repository = repository;
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    /**
     * The scope of a keyed request. "Same request" means the same parsed JSON: the hash is taken over
     * the request as parsed, so whitespace and field order do not matter.
     */
    public IdempotencyScope scope(String caller, String key, Object request) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ValidationFailed("Idempotency-Key must be 1-" + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return new IdempotencyScope(caller, key, sha256(json.writeValueAsBytes(request)));
    }

    /**
     * Empty when the request should run now (the caller must then call {@link #end}); the stored
     * answer when it ran before. Throws when another request used the key, or while the first runs.
     */
    public Optional<StoredResponse> begin(IdempotencyScope scope) {
        boolean acquired = Boolean.TRUE.equals(guard.call(() ->
                redis.opsForValue().setIfAbsent(markerKey(scope), scope.token(), properties.inFlightTimeout())));
        Optional<StoredResponse> stored;
        try {
            stored = find(scope);
        } catch (RuntimeException e) {
            // Key reused, or the database is down: this request does not run, so it holds no marker.
            if (acquired) {
                end(scope);
            }
            throw e;
        }
        if (stored.isPresent()) {
            if (acquired) {
                end(scope);
            }
            return stored;
        }
        if (!acquired) {
            throw new RequestInProgress();
        }
        return Optional.empty();
    }

    /** Stores the answer; call inside the transaction of the change it answers. */
    public void record(IdempotencyScope scope, StoredResponse response) {
        var now = Instant.now();
        // A record past retention that the purge has not reached yet frees its key.
        repository.deleteExpired(scope, now.minus(properties.retention()));
        repository.insert(scope, response, now);
    }

    /** Drops the record written by {@link #record}, when the change it answered was undone. */
    public void forget(IdempotencyScope scope) {
        repository.delete(scope);
    }

    /** The answer stored for the key; for a request that lost the race to record it. */
    public StoredResponse replay(IdempotencyScope scope) {
        return find(scope).orElseThrow(() -> new IllegalStateException("No stored answer for the key"));
    }

    public void end(IdempotencyScope scope) {
        try {
            guard.call(() -> redis.execute(releaseMarker, List.of(markerKey(scope)), scope.token()));
        } catch (RuntimeException e) {
            // The marker lapses by itself after the in-flight timeout.
            log.warn("Could not remove an in-flight marker: {}", e.getMessage());
        }
    }

    private static String readScript(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + path, e);
        }
    }

    private Optional<StoredResponse> find(IdempotencyScope scope) {
        return repository.find(scope, Instant.now().minus(properties.retention())).map(stored -> {
            if (!stored.requestHash().equals(scope.requestHash())) {
                throw new IdempotencyKeyReused();
            }
            return stored.response();
        });
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
    void purgeExpired() {
        try {
            int purged = repository.deleteCreatedBefore(Instant.now().minus(properties.retention()));
            if (purged > 0) {
                log.info("Purged {} idempotency records older than {}", purged, properties.retention());
            }
        } catch (DataAccessException e) {
            log.warn("Idempotency purge failed: {}", e.getMessage());
        }
    }

    static String markerKey(IdempotencyScope scope) {
        // Hashed: keys and callers are client text, and a Redis key should not carry it raw.
        return "idem:" + sha256((scope.caller() + '\n' + scope.key()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
