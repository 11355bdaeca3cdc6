package dev.seatbooking.flight;

import dev.seatbooking.inventory.FlightInventory;
import dev.seatbooking.inventory.FlightStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A flight over HTTP: the record from the database with live seat counts and status from Redis.
 * {@code onSale} says whether it takes claims now: it is OPEN and departs after a hold taken now
 * would lapse ({@code salesCloseAt}); {@code availableSeats} says whether any seats are left.
 */
record FlightView(String flightId, String origin, String destination, Instant departureTime, BigDecimal price,
        String currency, FlightStatus status, boolean onSale, int capacity, int seatsSold, int seatsHeld,
        int availableSeats) {

    static FlightView of(Flight flight, FlightInventory inventory, Instant now, Duration salesCloseBefore) {
        return new FlightView(flight.id(), flight.origin(), flight.destination(), flight.departureTime(),
                flight.price(), flight.currency(), inventory.status(),
                inventory.status() == FlightStatus.OPEN && flight.departureTime().minus(salesCloseBefore).isAfter(now),
                inventory.capacity(),
                inventory.sold(), inventory.held(), inventory.available());
    }
}
