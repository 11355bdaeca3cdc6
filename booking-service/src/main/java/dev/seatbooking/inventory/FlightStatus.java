package dev.seatbooking.inventory;

/**
 * Whether a flight sells. The flight feature records it ({@code flight.status}); the inventory
 * enforces it, atomically with the seat counts: Redis carries it in {@code inv:{flightId}.status},
 * loaded and repaired from the database like the counts, and the claim script refuses while it is
 * not OPEN. The numbers are what {@code read_inventory.lua} answers.
 */
public enum FlightStatus {
    /** Takes claims. */
    OPEN,
    /** Takes no new claims; bookings made before are paid for, confirmed and cancelled as usual. */
    CLOSED,
    /** Takes no claims and sells nothing more; every booking on it is voided or refunded. */
    CANCELLED;

    static FlightStatus ofCode(long code) {
        return values()[(int) code];
    }
}
