package dev.seatbooking.inventory;

import java.time.Instant;

/** The answer to a claim on one flight; {@code expiresAt} is set when the booking holds seats. */
public record Hold(ClaimResult result, Instant expiresAt) {
}
