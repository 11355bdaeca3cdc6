package dev.seatbooking.inventory;

import java.time.Duration;

/**
 * The marker of a keyed claim (I7), set by the claim script in the same call that takes the hold.
 * While it is younger than {@code inFlight} the claim under the key is running, and another claim
 * under it is refused; it stays for {@code life} (the key's retention) unless that claim fails,
 * saying the key may have a stored answer. The key carries the flight's hash tag, so under Redis
 * Cluster it lives in the slot the script runs in, and is restored with the flight ({@link
 * ClaimMarkers}).
 */
public record ClaimMarker(String key, String token, Duration life, Duration inFlight) {
}
