package dev.seatbooking.flight;

import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.system.InventoryUnavailable;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class FlightService {

    private static final Logger log = LoggerFactory.getLogger(FlightService.class);

    private final FlightRepository flights;
    private final FlightCatalog catalog;
    private final SeatInventory inventory;
    private final TransactionTemplate transactions;

    FlightService(FlightRepository flights, FlightCatalog catalog, SeatInventory inventory,
            TransactionTemplate transactions) {
        this.transactions = transactions;
        this.flights = flights;
        this.catalog = catalog;
        this.inventory = inventory;
    }

    /** Records the flight, then loads it into Redis. */
    Flight create(CreateFlight request) {
        var flight = request.toFlight();
        try {
            // Before the commit no claim can find the flight, so clearing stale keys races with nothing.
            transactions.executeWithoutResult(tx -> {
                flights.insert(flight, Instant.now());
                inventory.forget(flight.id());
            });
        } catch (DuplicateKeyException e) {
            throw new FlightExists(flight.id());
        }
        try {
            inventory.load(flight.id());
        } catch (InventoryUnavailable e) {
            // The flight is recorded; the first claim or read loads it once Redis is back (I6).
            log.atWarn().addKeyValue("flightId", flight.id()).log("Flight {} loads into Redis later", flight.id());
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
