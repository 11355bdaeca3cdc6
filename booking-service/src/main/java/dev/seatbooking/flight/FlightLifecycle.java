package dev.seatbooking.flight;

import dev.seatbooking.inventory.FlightStatus;
import dev.seatbooking.inventory.InventoryReconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Closes and cancels flights: the database records the status first (the decision), then Redis
 * takes it, where the claim script enforces it atomically with the seat counts. If Redis cannot
 * take it now, the caller hears INVENTORY_UNAVAILABLE and may retry (the status stays recorded);
 * every reconciler round repairs Redis from the database in any case. A cancel then voids or refunds
 * the flight's bookings through the booking feature ({@link FlightBookings}).
 */
@Service
class FlightLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FlightLifecycle.class);

    private final FlightRepository flights;
    private final InventoryReconciler inventory;
    private final FlightBookings bookings;

    FlightLifecycle(FlightRepository flights, InventoryReconciler inventory, FlightBookings bookings) {
        this.flights = flights;
        this.inventory = inventory;
        this.bookings = bookings;
    }

    /** Stops sales: no new claim; bookings made stay and are paid for as usual. A cancelled flight stays cancelled. */
    FlightStatus close(String flightId) {
        return advance(flightId, FlightStatus.CLOSED);
    }

    /**
     * Stops sales for good, then cancels every live booking on the flight, each voided or refunded
     * once. Idempotent: a second call cancels what the first left (none, unless it was cut short).
     * Answers how many bookings this call cancelled, and how many are left.
     */
    FlightBookings.Swept cancel(String flightId) {
        flights.advanceStatus(flightId, FlightStatus.CANCELLED).orElseThrow(() -> new FlightNotFound(flightId));
        RuntimeException redisRefused = null;
        try {
            inventory.reconcile(flightId);
        } catch (RuntimeException e) {
            // The database refuses its sales already: the bookings are cancelled all the same.
            redisRefused = e;
        }
        // Redis refuses claims and confirms on the flight from here on, and the database its sales:
        // the set of bookings to cancel can only shrink, but for a claim whose commit was under way
        // (the booking job's sweep cancels it).
        var swept = bookings.cancelAll(flightId);
        log.atInfo().addKeyValue("flightId", flightId).log("Flight {} is CANCELLED", flightId);
        if (redisRefused != null) {
            throw redisRefused;
        }
        return swept;
    }

    private FlightStatus advance(String flightId, FlightStatus to) {
        var status = flights.advanceStatus(flightId, to).orElseThrow(() -> new FlightNotFound(flightId));
        // Applied even when the database had it already: a retry after Redis refused it lands here.
        inventory.reconcile(flightId);
        log.atInfo().addKeyValue("flightId", flightId).log("Flight {} is {}", flightId, status);
        return status;
    }
}
