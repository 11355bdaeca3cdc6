package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.BookingLeg;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a claim asks for: its legs in claim order, their total price and the one currency they
 * share, and the leg that departs first with its departure time.
 */
record Itinerary(List<BookingLeg> legs, BigDecimal totalPrice, String currency, String firstDeparting,
        Instant firstDeparture) {

    /**
     * The flight of the claim whose sales have closed by {@code now}, if any: one that departs
     * before a hold taken now would lapse. So no hold outlives its flight's departure, and a payment
     * for a live hold always comes before it.
     */
    @Nullable String salesClosedBy(Instant now, Duration holdTtl) {
        return firstDeparture.minus(holdTtl).isAfter(now) ? null : firstDeparting;
    }

    /** The flight a keyed claim's marker lives with. */
    String firstFlightId() {
        return legs.getFirst().flightId();
    }

    String flightIds() {
        return String.join(",", legs.stream().map(BookingLeg::flightId).toList());
    }
}
