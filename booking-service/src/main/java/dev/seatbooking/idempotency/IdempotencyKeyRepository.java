package dev.seatbooking.idempotency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyKeyRepository {

    record Stored(String requestHash, StoredResponse response) {
    }

    private final JdbcClient jdbc;

    IdempotencyKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Throws DuplicateKeyException when the caller used the key already. */
    void insert(IdempotencyScope scope, StoredResponse response, Instant now) {
        jdbc.sql("""
                INSERT INTO idempotency_key (caller, idem_key, request_hash, response_status, response_body, created_at)
                VALUES (:caller, :key, :hash, :status, :body, :now)
                """)
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
