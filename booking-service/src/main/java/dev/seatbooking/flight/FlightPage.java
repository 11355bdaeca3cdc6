package dev.seatbooking.flight;

import java.util.List;

/**
 * One page of a flight search: the flights by departure, the page asked for (from 0), its size,
 * and how many flights match in all.
 */
record FlightPage(List<FlightView> flights, int page, int size, long totalFlights) {
}
