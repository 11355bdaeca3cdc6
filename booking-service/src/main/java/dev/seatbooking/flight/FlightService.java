package dev.seatbooking.flight;

import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.system.InventoryUnavailable;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

@Service
class FlightService {

    private static final Logger log = LoggerFactory.getLogger(FlightService.class);

    private final FlightRepository flights;
    private final FlightCatalog catalog;
    private final SeatInventory inventory;

    FlightService(FlightRepository flights, FlightCatalog catalog, SeatInventory inventory) {
        this.flights = flights;
        this.catalog = catalog;
        this.inventory = inventory;
    }

    /** Records the flight, then loads it into Redis. */
    Flight create(CreateFlight request) {
        var flight = request.toFlight();
        try {
            flights.insert(flight, Instant.now());
        } catch (DuplicateKeyException e) {
            throw new FlightExists(flight.id());
        }
        try {
            inventory.load(flight.id());
        } catch (InventoryUnavailable e) {
            // The flight is recorded; the first claim or read loads it once Redis is back (I6).
            log.atWarn().addKeyValue("flightId", flight.id()).log("Flight {} created while Redis is down", flight.id());
        }
        log.atInfo().addKeyValue("flightId", flight.id())
                .log("Flight {} created with {} seats", flight.id(), flight.capacity());
        return flight;
    }

    FlightView view(String flightId) {
        var flight = catalog.get(flightId);
        return FlightView.of(flight, inventory.read(flightId));
    }
}
