package dev.seatbooking.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded corpus of hostile request bodies: well-formed requests with one value swapped for an
 * awkward one, unknown and duplicate fields, truncations, flipped bytes, deep nesting and plain
 * junk. The same seed always gives the same bodies, so a failure can be replayed.
 */
final class InputCorpus {

    /** Values that have broken parsers, validators and databases before. */
    static final String[] AWKWARD = {
        "null", "true", "false", "-1", "0", "1", "9", "10", "2147483648", "-2147483649", "9223372036854775808",
        "1e309", "-0.0", "1.5", "NaN", "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"" + "A".repeat(5_000) + "\"",
        "[]", "{}", "[1,2]", "{\"a\":1}", "\"' OR 1=1 --\"", "\"<script>alert(1)</script>\"", "\"../../etc/passwd\"",
        "\"\\n\\r\\t\"", "\"𝄞\"", "{\"$ne\":null}", "\"FL{1}\"", "\"fl101\"", "\"FL101\"", "\"BK00000000\"",
        "\"pm_card_visa\"", "\"pm_\"", "\"pm_card_chargeDeclined\"", "\"2\"", "[\"FL101\",\"FL101\"]",
    };

    private InputCorpus() {
    }

    /** {@code n} bodies (raw bytes: some are not even UTF-8) derived from {@code seeds}. */
    static List<byte[]> bodies(long seed, int n, List<String> seeds) {
        Random random = new Random(seed);
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String base = seeds.get(random.nextInt(seeds.size()));
            bodies.add(switch (random.nextInt(7)) {
                case 0, 1 -> utf8(replaceValue(base, random));
                case 2 -> utf8(addField(base, random));
                case 3 -> utf8(base.substring(0, random.nextInt(base.length() + 1)));
                case 4 -> flipBytes(utf8(base), random);
                case 5 -> utf8("[".repeat(random.nextInt(3_000)) + "]".repeat(random.nextInt(3_000)));
                default -> utf8(AWKWARD[random.nextInt(AWKWARD.length)]);
            });
        }
        return bodies;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the value of one field (chosen at random) with an awkward value. */
    private static String replaceValue(String json, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = json.indexOf(':'); i >= 0; i = json.indexOf(':', i + 1)) {
            colons.add(i);
        }
        if (colons.isEmpty()) {
            return AWKWARD[random.nextInt(AWKWARD.length)];
        }
        int colon = colons.get(random.nextInt(colons.size()));
        int end = colon + 1;
        int depth = 0;
        boolean inString = false;
        for (; end < json.length(); end++) {
            char c = json.charAt(end);
            if (c == '"' && json.charAt(end - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '[' || c == '{')) {
                depth++;
            } else if (!inString && (c == ']' || c == '}')) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (!inString && c == ',' && depth == 0) {
                break;
            }
        }
        return json.substring(0, colon + 1) + AWKWARD[random.nextInt(AWKWARD.length)] + json.substring(end);
    }

    private static String addField(String json, Random random) {
        if (!json.startsWith("{") || json.length() < 2) {
            return json;
        }
        String field = random.nextBoolean() ? "\"extra" + random.nextInt(3) + "\"" : "\"seats\"";
        return "{" + field + ":" + AWKWARD[random.nextInt(AWKWARD.length)] + "," + json.substring(1);
    }

    private static byte[] flipBytes(byte[] bytes, Random random) {
        for (int k = 0; k < 1 + random.nextInt(3) && bytes.length > 0; k++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
