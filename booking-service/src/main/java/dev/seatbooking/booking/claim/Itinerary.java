package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.BookingLeg;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a claim asks for: its legs in claim order, their total price and the one currency they
 * share, and the leg that departs first with its departure time.
 */
record Itinerary(List<BookingLeg> legs, BigDecimal totalPrice, String currency, String firstDeparting,
        Instant firstDeparture) {

    /** The flight of the claim that has departed by {@code now}, if any: no claim is taken on it. */
    @Nullable String departedBy(Instant now) {
        return firstDeparture.isAfter(now) ? null : firstDeparting;
    }

    /** The flight a keyed claim's marker lives with. */
    String firstFlightId() {
        return legs.getFirst().flightId();
    }

    String flightIds() {
        return String.join(",", legs.stream().map(BookingLeg::flightId).toList());
    }
}
