package dev.seatbooking.flight;

import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.payment.ChargeLimits;
import dev.seatbooking.system.InventoryUnavailable;
import dev.seatbooking.system.ValidationFailed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class FlightService {

    private static final Logger log = LoggerFactory.getLogger(FlightService.class);
    /** A flight that left up to a day ago may still be recorded (a late entry); not one from before. */
    private static final Duration DEPARTED_AT_MOST = Duration.ofDays(1);
    /** Airlines sell about a year ahead; two years is the most a departure may lie ahead. */
    private static final Duration SOLD_AT_MOST_AHEAD = Duration.ofDays(731);

    private final FlightRepository flights;
    private final FlightCatalog catalog;
    private final SeatInventory inventory;
    private final TransactionTemplate transactions;
    private final ChargeLimits chargeLimits;
    private final Clock clock;

    /**
     * Claims close a hold's TTL before departure (booking.claim's rule, so no hold outlives its
     * flight); the view says so. Read here from the booking feature's setting, which the flight
     * feature cannot use as a dependency.
     */
    private final Duration salesCloseBefore;

    FlightService(FlightRepository flights, FlightCatalog catalog, SeatInventory inventory,
            TransactionTemplate transactions, ChargeLimits chargeLimits, Clock clock,
            @Value("${booking.hold-ttl:5m}") Duration salesCloseBefore) {
        this.salesCloseBefore = salesCloseBefore;
        this.clock = clock;
        this.transactions = transactions;
        this.chargeLimits = chargeLimits;
        this.flights = flights;
        this.catalog = catalog;
        this.inventory = inventory;
    }

    /** Records the flight, then loads it into Redis. */
    Flight create(CreateFlight request) {
        checkSellable(request, clock.instant());
        var flight = request.toFlight();
        try {
            // Before the commit no claim can find the flight, so clearing stale keys races with nothing.
            transactions.executeWithoutResult(tx -> {
                flights.insert(flight, clock.instant());
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

    /**
     * A flight that could never be sold is refused (422): one that left long ago or leaves beyond
     * what any airline sells (which also keeps the time within every database's range), and one
     * priced outside what the PSP will charge (free flights included: there is no booking without
     * a payment).
     */
    private void checkSellable(CreateFlight request, Instant now) {
        var earliest = now.minus(DEPARTED_AT_MOST);
        var latest = now.plus(SOLD_AT_MOST_AHEAD);
        if (request.departureTime().isBefore(earliest) || request.departureTime().isAfter(latest)) {
            throw new ValidationFailed("departureTime must be between " + earliest.truncatedTo(ChronoUnit.SECONDS)
                    + " and " + latest.truncatedTo(ChronoUnit.SECONDS));
        }
        var minimum = chargeLimits.minimum(request.currency()).orElseThrow(() -> new ValidationFailed(
                "currency " + request.currency() + " has no known minimum charge at the PSP; set payment.minimum-charges."
                        + request.currency() + " to sell in it"));
        if (request.price().compareTo(minimum) < 0) {
            throw new ValidationFailed("price must be at least " + minimum.toPlainString() + " " + request.currency()
                    + ", the smallest charge the PSP takes");
        }
        var maximum = chargeLimits.maximum(request.currency());
        if (request.price().compareTo(maximum) > 0) {
            throw new ValidationFailed("price must be at most " + maximum.toPlainString() + " " + request.currency()
                    + ", the largest charge the PSP takes");
        }
    }

    /**
     * One page of flights by departure, with live seats: those of the given UTC day, or without a
     * day those that have not left yet.
     */
    /** No flight of this service departs before it. */
    private static final int EARLIEST_YEAR = 2000;

    FlightPage search(@Nullable String origin, @Nullable String destination, @Nullable LocalDate day, int page,
            int size) {
        var now = clock.instant();
        var latest = now.plus(SOLD_AT_MOST_AHEAD).plus(DEPARTED_AT_MOST);
        if (day != null && (day.getYear() < EARLIEST_YEAR || day.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(latest))) {
            // No flight departs then; a day as far out as -999999999-01-01 must not reach the database.
            return new FlightPage(List.of(), page, size, 0);
        }
        var from = day == null ? now : day.atStartOfDay(ZoneOffset.UTC).toInstant();
        var to = day == null ? latest : from.plus(Duration.ofDays(1));
        var found = flights.search(new FlightRepository.Search(origin, destination, from, to, page, size));
        var views = found.flights().stream().map(f -> FlightView.of(f, inventory.read(f.id()), now, salesCloseBefore))
                .toList();
        return new FlightPage(views, page, size, found.total());
    }

    FlightView view(String flightId) {
        var flight = catalog.get(flightId);
        return FlightView.of(flight, inventory.read(flightId), clock.instant(), salesCloseBefore);
    }
}
