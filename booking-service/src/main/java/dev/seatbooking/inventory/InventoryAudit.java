package dev.seatbooking.inventory;

import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Redis's and the database's figures of one flight side by side, for operators and the load test's
 * end check. The two reads are not one snapshot: while claims and confirms are in flight they
 * differ for a moment (a hold is in Redis before its booking commits); a difference that stays is
 * drift, which {@link InventoryReconciler} repairs.
 */
@Component
public class InventoryAudit {

    public record RedisFigures(int capacity, int sold, int held, int available, FlightStatus status) {
    }

    public record DatabaseFigures(int capacity, int seatsSold, int confirmedSeats, int pendingSeats,
            FlightStatus status) {
    }

    /** Redis minus database, per figure: all zero when they agree. */
    public record Drift(int capacity, int sold, int held) {

        public boolean none() {
            return capacity == 0 && sold == 0 && held == 0;
        }
    }

    public record Comparison(String flightId, RedisFigures redis, DatabaseFigures database, Drift drift, boolean agree) {
    }

    public record Repair(String flightId, Map<String, Long> repaired, Comparison after) {
    }

    private final SeatInventory inventory;
    private final InventoryRecords records;
    private final BookedSeats bookedSeats;
    private final InventoryReconciler reconciler;

    InventoryAudit(SeatInventory inventory, InventoryRecords records, BookedSeats bookedSeats,
            InventoryReconciler reconciler) {
        this.inventory = inventory;
        this.records = records;
        this.bookedSeats = bookedSeats;
        this.reconciler = reconciler;
    }

    /** The figures of the flight, or empty when the database has no such flight. */
    public Optional<Comparison> compare(String flightId) {
        if (records.counts(flightId).isEmpty()) {
            return Optional.empty();
        }
        return compareExisting(flightId);
    }

    /** Empty only if the flight was deleted meanwhile. */
    private Optional<Comparison> compareExisting(String flightId) {
        // Redis first: it purges lapsed holds, so both sides count only live ones.
        var live = inventory.read(flightId);
        return bookedSeats.snapshot(flightId, inventory.now()).map(database -> compare(flightId, live, database));
    }

    private static Comparison compare(String flightId, FlightInventory live, BookedSeats.Snapshot database) {
        var counts = database.counts();
        int pending = database.holds().stream().mapToInt(BookedSeats.PendingHold::seats).sum();
        int confirmed = database.sales().stream().mapToInt(BookedSeats.Sale::seats).sum();
        var drift = new Drift(live.capacity() - counts.capacity(), live.sold() - counts.seatsSold(), live.held() - pending);
        return new Comparison(flightId,
                new RedisFigures(live.capacity(), live.sold(), live.held(), live.available(), live.status()),
                new DatabaseFigures(counts.capacity(), counts.seatsSold(), confirmed, pending, counts.status()), drift,
                drift.none() && confirmed == counts.seatsSold() && live.status() == counts.status());
    }

    /**
     * Repairs one flight now, as a reconciler round would; answers what it repaired and the figures
     * after, or empty when the database has no such flight.
     */
    public Optional<Repair> reconcile(String flightId) {
        if (records.counts(flightId).isEmpty()) {
            return Optional.empty();
        }
        var repaired = reconciler.reconcile(flightId);
        return compareExisting(flightId).map(after -> new Repair(flightId, repaired, after));
    }
}
