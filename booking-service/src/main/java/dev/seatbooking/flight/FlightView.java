package dev.seatbooking.flight;

import dev.seatbooking.inventory.FlightInventory;
import java.math.BigDecimal;
import java.time.Instant;

/** A flight over HTTP: the record from the database with live seat counts from Redis. */
record FlightView(String flightId, String origin, String destination, Instant departureTime, BigDecimal price,
        String currency, int capacity, int seatsSold, int seatsHeld, int availableSeats) {

    static FlightView of(Flight flight, FlightInventory inventory) {
        return new FlightView(flight.id(), flight.origin(), flight.destination(), flight.departureTime(),
                flight.price(), flight.currency(), inventory.capacity(), inventory.sold(), inventory.held(),
                inventory.available());
    }
}
