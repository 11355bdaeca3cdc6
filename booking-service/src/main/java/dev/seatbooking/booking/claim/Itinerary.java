package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.BookingLeg;
import java.math.BigDecimal;
import java.util.List;

/** What a claim asks for: its legs in claim order, their total price and the one currency they share. */
record Itinerary(List<BookingLeg> legs, BigDecimal totalPrice, String currency) {

    /** The flight a keyed claim's marker lives with. */
    String firstFlightId() {
        return legs.getFirst().flightId();
    }

    String flightIds() {
        return String.join(",", legs.stream().map(BookingLeg::flightId).toList());
    }
}
