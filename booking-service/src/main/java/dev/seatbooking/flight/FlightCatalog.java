package dev.seatbooking.flight;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Route, capacity, price and currency of flights, kept in memory once read: nothing changes them
 * after creation, and a claim must not cost a database read for them (DESIGN section 8). The
 * cached {@code seatsSold} is as of reading; live counts come from the inventory.
 */
@Component
public class FlightCatalog {

    private final FlightRepository flights;
    private final Map<String, Flight> cache = new ConcurrentHashMap<>();

    FlightCatalog(FlightRepository flights) {
        this.flights = flights;
    }

    public Flight get(String flightId) {
        var cached = cache.get(flightId);
        if (cached != null) {
            return cached;
        }
        // Unknown ids are not cached: a flight created later must be found.
        var flight = flights.find(flightId).orElseThrow(() -> new FlightNotFound(flightId));
        cache.put(flightId, flight);
        return flight;
    }
}
