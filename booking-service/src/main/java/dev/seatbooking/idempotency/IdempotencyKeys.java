package dev.seatbooking.idempotency;

import dev.seatbooking.inventory.ClaimMarkers;
import dev.seatbooking.system.InMemoryRetries;
import dev.seatbooking.system.RedisGuard;
import dev.seatbooking.system.ValidationFailed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * I7's records. A keyed claim runs as: {@link #earlier} (the stored answer, if the key ran before),
 * the claim script with the marker at {@link #markerKey} (refused while another request under the
 * key runs; it sets the marker when it takes the hold), the change with {@link #record} in its
 * transaction, then {@link #answered} once it committed, or {@link #endMarker} if it failed. When a
 * claim sets, keeps or ends its marker is decided in {@code booking.claim.KeyedClaims}. A request
 * refused before any change records nothing and leaves no marker, so the client may retry it under
 * the same key at once.
 *
 * <p>A marker stays for the key's retention once its claim committed, and another key, {@code
 * idem-used:{hash}}, says the key was used whatever the flight: a key with neither has no stored
 * answer ({@link #usedAnywhere} and the marker), which is what lets a keyed claim on a full flight be refused
 * without the database lookup. Markers are restored with their flight when Redis loses it ({@link
 * ClaimMarkers}); the second key is not, so after a Redis reset a key reused for a claim on another
 * full flight is answered NO_SEATS instead of IDEMPOTENCY_KEY_REUSED (nothing is claimed either way).
 */
@Component
public class IdempotencyKeys implements ClaimMarkers {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final int MAX_KEY_LENGTH = 255;
    /** The value of a marker restored from the database: its claim committed long ago. */
    static final String RESTORED = "restored:0";
    private static final Duration MARKER_MARGIN = Duration.ofHours(1);
    private static final Duration NOTE_RETRIES = Duration.ofMinutes(10);
    private static final Duration NOTE_RETRY = Duration.ofSeconds(1);

    private final IdempotencyKeyRepository repository;
    private final StringRedisTemplate redis;
    private final RedisGuard guard;
    private final JsonMapper json;
    private final IdempotencyProperties properties;
    private volatile boolean markersComplete;
    private final InMemoryRetries retries;
    /**
     * Read once into a string: a script built on a classpath resource checks the resource's
     * modification time, under a lock, on every call, which serialises every request on it.
     */
    private final RedisScript<Long> releaseMarker = RedisScript.of(readScript("redis/release_marker.lua"), Long.class);
    private final Clock clock;

    IdempotencyKeys(IdempotencyKeyRepository repository, StringRedisTemplate redis, RedisGuard guard, JsonMapper json,
            IdempotencyProperties properties, Clock clock, InMemoryRetries retries) {
        this.clock = clock;
        this.retries = retries;
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
        checkWellFormed(key);
        return new IdempotencyScope(caller, key, sha256(json.writeValueAsBytes(request)));
    }

    /** Throws VALIDATION_FAILED unless the key is 1-255 visible ASCII characters. */
    public static void checkWellFormed(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ValidationFailed("Idempotency-Key must be 1-" + MAX_KEY_LENGTH + " visible ASCII characters");
        }
    }

    /**
     * The answer stored when the key ran before; empty when the request should run. Throws when
     * the key was used for another request.
     */
    public Optional<StoredResponse> earlier(IdempotencyScope scope) {
        return find(scope);
    }

    /**
     * The Redis key of the in-flight marker of a claim under this key, in the slot of {@code
     * flightId}, the claim's first flight, the one the marker's script call runs on.
     */
    public static String markerKey(IdempotencyScope scope, String flightId) {
        return markerKey(scope.caller(), scope.key(), flightId);
    }

    /** How long a marker says a claim under the key is running, and refuses another. */
    public Duration inFlightTimeout() {
        return properties.inFlightTimeout();
    }

    /**
     * Whether every answer stored within the retention names the flight its marker lives with, so
     * that markers say which keys have answers. Records of an earlier version of the service (still
     * running during a rolling update, or within the retention after it) do not, and their keys may
     * have answers without markers: keyed claims are refused from memory only on a database created
     * with the column, or a day after the update that added it, once none of them is left.
     */
    public boolean markersComplete() {
        return markersComplete;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "1m", initialDelayString = "1m")
    void checkMarkersComplete() {
        try {
            markersComplete = repository.markersComplete(clock.instant().minus(markerLife()));
        } catch (DataAccessException e) {
            log.warn("Could not check for answers without a marker's flight: {}", e.getMessage());
        }
    }

    /** Whether a claim under the key committed, on whatever flight; true when Redis cannot say. */
    public boolean usedAnywhere(IdempotencyScope scope) {
        try {
            return guard.call(usedKey(scope), () -> redis.hasKey(usedKey(scope)));
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Stores the answer; call inside the transaction of the change it answers. */
    public void record(IdempotencyScope scope, StoredResponse response, String firstFlightId) {
        var now = clock.instant();
        // A record past retention that the purge has not reached yet frees its key.
        repository.deleteExpired(scope, now.minus(properties.retention()));
        repository.insert(scope, response, firstFlightId, now);
    }

    /**
     * After the change that {@link #record} answered committed: notes that the key was used,
     * whatever flight a later request under it names, and puts its marker back with the first flight
     * if a Redis reset took it since the claim (a rebuild that read the database before the commit
     * could not restore it). If Redis cannot be told now, it is told in the background, once a
     * second for up to {@link #NOTE_RETRIES}: until then a retry under the key is refused from memory
     * only if Redis answers, and Redis answering is what the retries wait for.
     */
    public void answered(IdempotencyScope scope, String firstFlightId) {
        if (!noteAnswered(scope, firstFlightId)) {
            log.warn("Could not note an answered Idempotency-Key in Redis; retrying in the background");
            retries.until("note-answered-key", NOTE_RETRY, clock.instant().plus(NOTE_RETRIES),
                    () -> noteAnswered(scope, firstFlightId)).thenAccept(noted -> {
                        if (!noted) {
                            log.warn("Gave up noting an answered Idempotency-Key in Redis after {}", NOTE_RETRIES);
                        }
                    });
        }
    }

    private boolean noteAnswered(IdempotencyScope scope, String firstFlightId) {
        try {
            guard.call(() -> {
                redis.opsForValue().set(usedKey(scope), "1", markerLife());
                redis.opsForValue().setIfAbsent(markerKey(scope, firstFlightId), RESTORED, markerLife());
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            log.debug("Could not note an answered Idempotency-Key in Redis yet: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Markers and used-keys outlive the database record by a margin: the record's time is taken
     * after the marker's, by another clock, so Redis must not forget a key the database still answers.
     */
    @Override
    public Duration markerLife() {
        return properties.retention().plus(MARKER_MARGIN);
    }

    @Override
    public List<String> storedFor(String flightId) {
        return repository.usedOn(flightId, clock.instant().minus(properties.retention())).stream()
                .map(used -> markerKey(used.caller(), used.key(), flightId))
                .toList();
    }

    /** Drops the record written by {@link #record}, when the change it answered was undone. */
    public void forget(IdempotencyScope scope) {
        repository.delete(scope);
    }

    /** The answer stored for the key; for a request that lost the race to record it. */
    public StoredResponse replay(IdempotencyScope scope) {
        return find(scope).orElseThrow(() -> new IllegalStateException("No stored answer for the key"));
    }

    /** Removes the marker after its claim failed, if this request's claim set it and it is still this request's. */
    public void endMarker(String markerKey, String token) {
        try {
            guard.call(markerKey, () -> redis.execute(releaseMarker, List.of(markerKey), token));
        } catch (RuntimeException e) {
            // The marker lapses by itself after the in-flight timeout.
            log.warn("Could not remove an in-flight marker: {}", e.getMessage());
        }
    }

    private static String readScript(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private Optional<StoredResponse> find(IdempotencyScope scope) {
        return repository.find(scope, clock.instant().minus(properties.retention())).map(stored -> {
            if (!stored.requestHash().equals(scope.requestHash())) {
                throw new IdempotencyKeyReused();
            }
            return stored.response();
        });
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
    void purgeExpired() {
        try {
            int purged = repository.deleteCreatedBefore(clock.instant().minus(properties.retention()));
            if (purged > 0) {
                log.info("Purged {} idempotency records older than {}", purged, properties.retention());
            }
        } catch (DataAccessException e) {
            log.warn("Idempotency purge failed: {}", e.getMessage());
        }
    }

    private static String markerKey(String caller, String key, String flightId) {
        // Hashed: keys and callers are client text, and a Redis key should not carry it raw. The
        // flight's hash tag puts it in the slot of that flight's inventory keys.
        return "idem:{" + flightId + "}:" + callerAndKey(caller, key);
    }

    /** In a slot of its own, by the hash of the caller and the key. */
    static String usedKey(IdempotencyScope scope) {
        return "idem-used:{" + callerAndKey(scope.caller(), scope.key()) + "}";
    }

    private static String callerAndKey(String caller, String key) {
        return sha256((caller + '\n' + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
