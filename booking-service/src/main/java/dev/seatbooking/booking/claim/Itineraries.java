package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.BookingLeg;
import dev.seatbooking.flight.Flight;
import dev.seatbooking.flight.FlightCatalog;
import dev.seatbooking.payment.ChargeLimits;
import dev.seatbooking.system.ValidationFailed;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** Prices a claim's flights, refusing what the PSP could not take in one payment. */
@Component
class Itineraries {

    private final FlightCatalog flights;
    private final ChargeLimits chargeLimits;

    Itineraries(FlightCatalog flights, ChargeLimits chargeLimits) {
        this.flights = flights;
        this.chargeLimits = chargeLimits;
    }

    /** The legs, price and currency of the flights asked for; all legs share one currency. */
    Itinerary of(CreateBooking request) {
        List<Flight> legs = request.flightsInClaimOrder().stream().map(flights::get).toList();
        var currency = legs.getFirst().currency();
        if (legs.stream().anyMatch(f -> !f.currency().equals(currency))) {
            throw new ValidationFailed("All flights of a booking must be sold in one currency");
        }
        var total = legs.stream().map(Flight::price).reduce(BigDecimal.ZERO, BigDecimal::add)
                .multiply(BigDecimal.valueOf(request.seats()));
        var maximum = chargeLimits.maximum(currency);
        if (total.compareTo(maximum) > 0) {
            // The PSP would refuse the payment: refused now, before any seat is held.
            throw new ValidationFailed("The booking would cost " + total.toPlainString() + " " + currency
                    + ", more than the " + maximum.toPlainString() + " the PSP takes in one payment");
        }
        var first = legs.stream().min(Comparator.comparing(Flight::departureTime)).orElseThrow();
        return new Itinerary(legs.stream().map(f -> new BookingLeg(f.id(), request.seats())).toList(), total, currency,
                first.id(), first.departureTime());
    }
}
