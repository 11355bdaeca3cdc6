package dev.seatbooking.loadtest;

import io.gatling.javaapi.core.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Counts answers by request and status ("cancel": 200 x 40, 409 x 3), failed ones marked KO
 * ("KO 500", "KO no answer"), for the end-of-run summary.
 */
final class Tally {

    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentSkipListMap<>();

    /**
     * Counts the answer the session just got. Expects the request's status saved as "status" and
     * the session marked succeeded before the request: Gatling keeps a session failed once any of
     * its requests failed, so without that reset one failure would mark every later answer KO.
     */
    void count(String request, Session session) {
        Integer status = session.getIntegerWrapper("status");
        String answer = (session.isFailed() ? "KO " : "") + (status == null ? "no answer" : status);
        counts.computeIfAbsent(request, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(answer, a -> new LongAdder())
                .increment();
    }

    long failed() {
        return counts.values().stream()
                .flatMap(answers -> answers.entrySet().stream())
                .filter(entry -> entry.getKey().startsWith("KO "))
                .mapToLong(entry -> entry.getValue().sum())
                .sum();
    }

    /** One line per request: "  claim         201 x 532, 409 x 12". */
    String summary() {
        StringBuilder out = new StringBuilder();
        counts.forEach((request, answers) -> out
                .append("  %-18s ".formatted(request))
                .append(answers.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(entry -> entry.getKey() + " x " + entry.getValue().sum())
                        .collect(Collectors.joining(", ")))
                .append('\n'));
        return out.toString();
    }
}
