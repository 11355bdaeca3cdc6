package dev.seatbooking.inventory;

import java.time.Duration;

/**
 * The in-flight marker of a keyed claim (I7), set by the claim script in the same call that takes
 * the hold, and refusing the claim while another request holds it. The key carries the flight's
 * hash tag, so under Redis Cluster it lives in the slot the script runs in.
 */
public record ClaimMarker(String key, String token, Duration life) {
}
