package dev.seatbooking.idempotency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyKeyRepository {

    record Stored(String requestHash, StoredResponse response) {
    }

    record Used(String caller, String key) {
    }

    private final JdbcClient jdbc;

    IdempotencyKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Throws DuplicateKeyException when the caller used the key already. */
    void insert(IdempotencyScope scope, StoredResponse response, String markerFlightId, Instant now) {
        jdbc.sql("""
                INSERT INTO idempotency_key (caller, idem_key, request_hash, response_status, response_body, created_at,
                    marker_flight_id)
                VALUES (:caller, :key, :hash, :status, :body, :now, :flight)
                """)
                .param("flight", markerFlightId)
                .param("caller", scope.caller())
                .param("key", scope.key())
                .param("hash", scope.requestHash())
                .param("status", response.status())
                .param("body", response.body())
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<Stored> find(IdempotencyScope scope, Instant createdAfter) {
        return jdbc.sql("""
                SELECT request_hash, response_status, response_body FROM idempotency_key
                WHERE caller = :caller AND idem_key = :key AND created_at > :after
                """)
                .param("caller", scope.caller())
                .param("key", scope.key())
                .param("after", Timestamp.from(createdAfter))
                .query((rs, n) -> new Stored(rs.getString(1), new StoredResponse(rs.getInt(2), rs.getString(3))))
                .optional();
    }

    /** The keys with answers whose markers live with this flight. */
    List<Used> usedOn(String flightId, Instant createdAfter) {
        return jdbc.sql("SELECT caller, idem_key FROM idempotency_key WHERE marker_flight_id = :flight AND created_at > :after")
                .param("flight", flightId)
                .param("after", Timestamp.from(createdAfter))
                .query((rs, n) -> new Used(rs.getString(1), rs.getString(2)))
                .list();
    }

    /**
     * Whether every answer within the retention names its marker's flight, and no instance of an
     * earlier version can still be writing answers that do not: the database was created with the
     * column (its first and its V7 migration ran together), or V7 ran longer ago than {@code life}.
     */
    boolean markersComplete(Instant createdAfter) {
        return jdbc.sql("""
                SELECT NOT EXISTS (SELECT 1 FROM idempotency_key WHERE marker_flight_id IS NULL AND created_at > :after)
                    AND (SELECT MAX(installed_on) FILTER (WHERE version = '7')
                                - MIN(installed_on) FILTER (WHERE version = '1') < INTERVAL '1 minute'
                             OR MAX(installed_on) FILTER (WHERE version = '7') < :after
                         FROM flyway_schema_history)
                """)
                .param("after", Timestamp.from(createdAfter))
                .query(Boolean.class)
                .single();
    }

    void deleteExpired(IdempotencyScope scope, Instant createdBefore) {
        jdbc.sql("DELETE FROM idempotency_key WHERE caller = :caller AND idem_key = :key AND created_at <= :before")
                .param("caller", scope.caller())
                .param("key", scope.key())
                .param("before", Timestamp.from(createdBefore))
                .update();
    }

    void delete(IdempotencyScope scope) {
        jdbc.sql("DELETE FROM idempotency_key WHERE caller = :caller AND idem_key = :key")
                .param("caller", scope.caller())
                .param("key", scope.key())
                .update();
    }

    int deleteCreatedBefore(Instant instant) {
        return jdbc.sql("DELETE FROM idempotency_key WHERE created_at < :instant")
                .param("instant", Timestamp.from(instant))
                .update();
    }
}
