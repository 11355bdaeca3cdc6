package dev.seatbooking.booking;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Booking ids: "BK" and 16 random capital letters or digits (36^16, about 8e24 ids: a billion
 * bookings collide with a chance of about 1 in 10^7). Ids of "BK" and 8 characters, from before,
 * stay valid. A drawn id that is taken all the same is detected by the claim, which draws again.
 */
@Component
public class BookingIds {

    public static final String PATTERN = "^BK(?:[A-Z0-9]{8}|[A-Z0-9]{16})$";
    public static final String PATTERN_MESSAGE = "must be BK and 16 (or, for older bookings, 8) capital letters or digits";
    private static final int LENGTH = 16;
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern WELL_FORMED = Pattern.compile(PATTERN);

    /** Whether {@code id} can be a booking id: anything else (from a PSP's metadata, say) is no booking of ours. */
    public static boolean isWellFormed(@Nullable String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }

    public String next() {
        var id = new StringBuilder("BK");
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
