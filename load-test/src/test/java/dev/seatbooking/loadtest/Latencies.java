package dev.seatbooking.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Response times of one request kind, kept by the virtual users, so the end-of-run summary can
 * print percentiles without reading Gatling's report files, and a chart can show each answer's
 * time against when its request was sent. Gatling's HTML report has the same figures (and more);
 * this is for the one-screen summary and the charts of docs/performance.md.
 */
final class Latencies {

    private record Answer(long sentAtMillis, int millis) {
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    void add(long sentAtMillis, int responseMillis) {
        answers.add(new Answer(sentAtMillis, responseMillis));
    }

    /** "p50 12  p95 40  p99 80  max 120 ms", or "none" before any answer. */
    String summary() {
        int[] sorted = answers.stream().mapToInt(Answer::millis).sorted().toArray();
        if (sorted.length == 0) {
            return "none";
        }
        return "p50 %d  p95 %d  p99 %d  max %d ms".formatted(
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** One line per answer: seconds since the first request was sent, then the response time in ms. */
    void writeCsv(Path file) {
        long origin = answers.stream().mapToLong(Answer::sentAtMillis).min().orElse(0);
        String lines = answers.stream()
                .sorted(Comparator.comparingLong(Answer::sentAtMillis))
                .map(a -> "%.3f,%d".formatted((a.sentAtMillis() - origin) / 1000.0, a.millis()))
                .collect(Collectors.joining("\n", "sent_s,response_ms\n", "\n"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Nearest-rank percentile; Gatling's report computes its own, which may differ by a millisecond. */
    private static int percentile(int[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
