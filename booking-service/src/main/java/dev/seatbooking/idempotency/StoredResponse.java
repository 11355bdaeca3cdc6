package dev.seatbooking.idempotency;

/** An answer as it went out, kept so a repeat of the request gets the same status and body. */
public record StoredResponse(int status, String body) {
}
