package dev.seatbooking.system;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, for checking the alerts and the dashboard against
 * what the service exports. Not a parser: it drops what cannot hold a metric name (strings, label
 * matchers, ranges, grouping clauses), then keeps the identifiers that are not functions or keywords.
 */
final class PromQl {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "Inf", "NaN");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        String rest = STRINGS.matcher(expression).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGES.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        var identifiers = IDENTIFIER.matcher(rest);
        while (identifiers.find()) {
            String name = identifiers.group(1);
            if (!KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
