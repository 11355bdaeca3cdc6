package dev.seatbooking.inventory;

/** A flight's seat counts in Redis after lapsed holds were purged, and whether it sells. */
public record FlightInventory(int capacity, int sold, int held, FlightStatus status) {

    public int available() {
        return capacity - sold - held;
    }
}
