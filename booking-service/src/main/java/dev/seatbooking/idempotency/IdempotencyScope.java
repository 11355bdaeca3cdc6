package dev.seatbooking.idempotency;

import java.util.UUID;

/**
 * One caller's key and the hash of the request sent under it; {@code token} tells this request's
 * in-flight marker from another's.
 */
public record IdempotencyScope(String caller, String key, String requestHash, String token) {

    public IdempotencyScope(String caller, String key, String requestHash) {
        this(caller, key, requestHash, UUID.randomUUID().toString());
    }
}
