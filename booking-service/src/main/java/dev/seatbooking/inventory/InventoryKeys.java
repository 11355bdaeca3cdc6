package dev.seatbooking.inventory;

import java.util.List;

/**
 * The Redis keys of one flight. Every key wraps the flight id in a hash tag ({@code {FL101}}), so
 * under Redis Cluster all of a flight's keys live in one slot and a script may touch them together.
 * Public for tests and tools that look at Redis directly; the service's code reaches them only
 * through this package's scripts.
 */
public record InventoryKeys(String inventory, String holds, String holdSeats, String sold) {

    public static InventoryKeys of(String flightId) {
        String tag = "inv:{" + flightId + "}";
        return new InventoryKeys(tag, tag + ":holds", tag + ":hold-seats", tag + ":sold");
    }

    List<String> all() {
        return List.of(inventory, holds, holdSeats, sold);
    }

    List<String> withoutSold() {
        return List.of(inventory, holds, holdSeats);
    }
}
