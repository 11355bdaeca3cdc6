package dev.seatbooking.inventory;

/** A flight's seat counts in Redis after lapsed holds were purged. */
public record FlightInventory(int capacity, int sold, int held) {

    public int available() {
        return capacity - sold - held;
    }
}
