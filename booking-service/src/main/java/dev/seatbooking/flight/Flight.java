package dev.seatbooking.flight;

import java.math.BigDecimal;
import java.time.Instant;

/** A flight as the database records it. {@code seatsSold} counts confirmed sales only, never holds. */
public record Flight(String id, String origin, String destination, Instant departureTime, int capacity,
        int seatsSold, BigDecimal price, String currency) {

    /** Flight ids become part of Redis keys inside a hash tag, so they never contain braces. */
    public static final String ID_PATTERN = "^[A-Z0-9]{2,12}$";
    public static final String ID_MESSAGE = "must be 2-12 capital letters or digits";
}
