package dev.seatbooking.booking;

import java.security.SecureRandom;

/** Booking ids: "BK" and 8 random capital letters or digits (36^8, about 2.8e12 ids). */
final class BookingIds {

    static final String PATTERN = "^BK[A-Z0-9]{8}$";
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private BookingIds() {
    }

    /** Whether {@code id} can be a booking id: anything else (from a PSP's metadata, say) is no booking of ours. */
    static boolean isWellFormed(@org.jspecify.annotations.Nullable String id) {
        return id != null && id.matches(PATTERN);
    }

    static String next() {
        var id = new StringBuilder("BK");
        for (int i = 0; i < 8; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
