package dev.seatbooking.loadtest;

import java.time.Instant;
import java.util.Locale;

/** Reads the knobs of a run from system properties (-Dusers=300 and so on). */
final class Settings {

    private Settings() {
    }

    /** Where the service runs; ./run listens on 8083. No trailing slash, so paths can be appended. */
    static String baseUrl() {
        return System.getProperty("baseUrl", "http://localhost:8083").replaceAll("/+$", "");
    }

    /** A positive integer property; a typo fails the run at once instead of running the defaults. */
    static int intProperty(String name, int defaultValue, int min, int max) {
        String raw = System.getProperty(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + raw + " is not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("-D" + name + "=" + value + " must be " + min + "-" + max);
        }
        return value;
    }

    /**
     * A flight id no earlier run used: the prefix plus the current second in base 36 (6 characters
     * until 2038), so runs against the same service never collide with FLIGHT_EXISTS. Flight ids
     * are 2-12 capital letters or digits, which leaves room for a 3-digit index.
     */
    static String newFlightIdPrefix(String prefix) {
        return prefix + Long.toString(Instant.now().getEpochSecond(), 36).toUpperCase(Locale.ROOT);
    }
}
