package dev.seatbooking.idempotency;

/** One caller's key and the hash of the request sent under it. */
public record IdempotencyScope(String caller, String key, String requestHash) {
}
