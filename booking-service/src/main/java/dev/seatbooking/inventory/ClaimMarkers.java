package dev.seatbooking.inventory;

import java.time.Duration;
import java.util.List;

/**
 * The markers of keyed claims that have stored answers, by the flight in whose slot they live: a
 * flight loaded again after Redis lost it gets them back with its seats, so that a retry of a claim
 * that won is never refused from memory ({@link FullFlights}) for want of its marker.
 */
public interface ClaimMarkers {

    /** The Redis keys of the markers that live with this flight. */
    List<String> storedFor(String flightId);

    /** How long a marker lives: the key's retention and a margin. */
    Duration markerLife();
}
