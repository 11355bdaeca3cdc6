package dev.seatbooking.loadtest;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Response times of one request kind, kept by the virtual users, so the end-of-run summary can
 * print percentiles without reading Gatling's report files. Gatling's HTML report has the same
 * figures (and more); this is for the one-screen summary.
 */
final class Latencies {

    private final ConcurrentLinkedQueue<Integer> millis = new ConcurrentLinkedQueue<>();

    void add(int responseMillis) {
        millis.add(responseMillis);
    }

    /** "p50 12  p95 40  p99 80  max 120 ms", or "none" before any answer. */
    String summary() {
        int[] sorted = millis.stream().mapToInt(Integer::intValue).sorted().toArray();
        if (sorted.length == 0) {
            return "none";
        }
        return "p50 %d  p95 %d  p99 %d  max %d ms".formatted(
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile; Gatling's report computes its own, which may differ by a millisecond. */
    private static int percentile(int[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
