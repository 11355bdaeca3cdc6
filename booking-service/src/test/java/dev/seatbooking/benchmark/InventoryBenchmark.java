package dev.seatbooking.benchmark;

import dev.seatbooking.SeatBookingApplication;
import dev.seatbooking.inventory.ClaimResult;
import dev.seatbooking.inventory.InventoryKeys;
import dev.seatbooking.inventory.SeatInventory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims per second and their latency, three ways in one run against the same Redis and PostgreSQL:
 * <ol>
 *   <li>the service's inventory client ({@link SeatInventory#claim}: claim_seats.lua by EVALSHA
 *       through Spring Data Redis and Lettuce), called by {@code concurrency} threads;</li>
 *   <li>{@code redis-benchmark} running EVALSHA of the very same script (the same text, so the same
 *       SHA) on the same Redis with as many connections: what Redis itself can do;</li>
 *   <li>a database-only design, the one a team would build without Redis: one transaction per claim
 *       with a conditional {@code UPDATE} of the flight's row and an {@code INSERT} of the hold,
 *       through the service's own connection pool, by as many threads.</li>
 * </ol>
 * Every claim is for one seat of one flight, as in a flash crowd, and the flight is big enough that
 * none is refused (a refusal is cheaper and would flatter every design). Each way runs a warm-up,
 * then is measured for {@code seconds}. Run it with {@code benchmarks/inventory.sh} (docs/performance.md).
 */
public final class InventoryBenchmark {

    private static final int HUGE_CAPACITY = 1_000_000_000;

    private InventoryBenchmark() {
    }

    record Result(String name, long claims, double seconds, double p50Millis, double p99Millis, double maxMillis) {

        double perSecond() {
            return claims / seconds;
        }

        String row() {
            return "%-40s %10.0f %9.2f %9.2f %9.2f %10d".formatted(name, perSecond(), p50Millis, p99Millis, maxMillis, claims);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        // Claims spread round-robin over this many flights: how cost grows with flights.
        int flights = Integer.parseInt(options.getOrDefault("flights", "1"));

        try (var context = startService()) {
            var inventory = context.getBean(SeatInventory.class);
            var jdbc = context.getBean(JdbcClient.class);
            String redisUrl = context.getEnvironment().getRequiredProperty("spring.data.redis.url");
            System.out.printf("Inventory benchmark: %d threads/connections, %d flight(s), %d s warm-up, %d s measured; "
                    + "Redis %s, PostgreSQL %s; %d cores, JDK %s%n", concurrency, flights, warmup, seconds, redisUrl,
                    context.getEnvironment().getProperty("spring.datasource.url"), Runtime.getRuntime().availableProcessors(),
                    Runtime.version());

            List<String> clientFlights = new ArrayList<>();
            for (int f = 0; f < flights; f++) {
                clientFlights.add(newFlight(jdbc, inventory));
            }
            var ttl = Duration.ofHours(1);
            var client = closedLoop("inventory client (SeatInventory.claim)", concurrency, warmup, seconds, i -> {
                var hold = inventory.claim(clientFlights.get((int) (i % flights)), "BKC" + i, 1, ttl);
                if (hold.result() != ClaimResult.HELD) {
                    throw new IllegalStateException("Claim refused: " + hold.result());
                }
            });

            String benchFlight = newFlight(jdbc, inventory);
            @SuppressWarnings("rawtypes")
            RedisScript<?> claimScript = context.getBean("claimSeatsScript", RedisScript.class);
            long requests = Math.max(100_000, Math.round(client.perSecond() * seconds * 2));
            var redisBenchmark = redisBenchmark(redisUrl, claimScript, benchFlight, concurrency, requests, ttl);

            var database = new DatabaseOnlyClaims(jdbc, context.getBean(TransactionTemplate.class));
            database.create(HUGE_CAPACITY, flights);
            Result databaseOnly;
            try {
                databaseOnly = closedLoop("database only (UPDATE + INSERT per claim)", concurrency, warmup, seconds,
                        i -> database.claim("BKD" + i, (int) (i % flights)));
            } finally {
                database.drop();
            }

            System.out.println();
            System.out.printf("%-40s %10s %9s %9s %9s %10s%n", "way", "claims/s", "p50 ms", "p99 ms", "max ms", "claims");
            for (var result : List.of(client, redisBenchmark, databaseOnly)) {
                System.out.println(result.row());
            }
            System.out.println();
            System.out.printf("inventory client / redis-benchmark: %.2f%n", client.perSecond() / redisBenchmark.perSecond());
            System.out.printf("inventory client / database only:   %.2f%n", client.perSecond() / databaseOnly.perSecond());
            if (flights > 1) {
                System.out.println("(redis-benchmark claims on one flight: its command line names fixed keys)");
            }
        }
    }

    private static ConfigurableApplicationContext startService() {
        // The whole service, so the inventory client is built and configured as in production; its
        // jobs stay idle and no demo flight is made. Embedded servers unless URLs are given.
        return new SpringApplicationBuilder(SeatBookingApplication.class).run("--server.port=0",
                "--booking.demo-flight=false", "--booking.expiry-job-enabled=false", "--booking.sweep-interval=1h",
                "--booking.reconcile-initial-delay=1h", "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    }

    private static String newFlight(JdbcClient jdbc, SeatInventory inventory) {
        String flightId = "BENCH" + Long.toString(System.nanoTime() % 1_000_000, 36).toUpperCase();
        jdbc.sql("""
                INSERT INTO flight (id, origin, destination, departure_time, capacity, price, currency, created_at)
                VALUES (:id, 'FRA', 'JFK', :departure, :capacity, 100, 'EUR', :now)""")
                .param("id", flightId).param("departure", Timestamp.from(Instant.now().plus(Duration.ofDays(30))))
                .param("capacity", HUGE_CAPACITY).param("now", Timestamp.from(Instant.now())).update();
        inventory.load(flightId);
        return flightId;
    }

    /**
     * {@code concurrency} threads each call the claim in a loop, one at a time; latencies recorded
     * after the warm-up count.
     */
    static Result closedLoop(String name, int concurrency, int warmupSeconds, int seconds, LongConsumer claim)
            throws InterruptedException {
        var recorder = new Recorder(3);
        var sequence = new AtomicLong();
        var failure = new AtomicReference<Throwable>();
        long end = System.nanoTime() + Duration.ofSeconds(warmupSeconds + seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            threads.add(Thread.ofPlatform().name("bench-" + t).start(() -> {
                while (System.nanoTime() < end && failure.get() == null) {
                    long started = System.nanoTime();
                    try {
                        claim.accept(sequence.incrementAndGet());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    recorder.recordValue(System.nanoTime() - started);
                }
            }));
        }
        Thread.sleep(Duration.ofSeconds(warmupSeconds));
        recorder.getIntervalHistogram(); // the warm-up's figures are dropped
        long measuredFrom = System.nanoTime();
        for (var thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(name + " failed", failure.get());
        }
        Histogram histogram = recorder.getIntervalHistogram();
        double measured = (System.nanoTime() - measuredFrom) / 1e9;
        return new Result(name, histogram.getTotalCount(), measured, histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6);
    }

    /** redis-benchmark with EVALSHA of the claim script; each request holds one seat for a random booking id. */
    private static Result redisBenchmark(String redisUrl, RedisScript<?> script, String flightId, int connections,
            long requests, Duration ttl) throws IOException, InterruptedException {
        var uri = URI.create(redisUrl);
        String tag = InventoryKeys.of(flightId).inventory();
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", uri.getHost(), "-p",
                Integer.toString(uri.getPort()), "-c", Integer.toString(connections), "-n", Long.toString(requests),
                "-r", "1000000000", "--csv",
                "EVALSHA", script.getSha1(), "4", tag, tag + ":holds", tag + ":hold-seats", tag + ":sold",
                "BKR__rand_int__", "1", Long.toString(ttl.toMillis()), ""));
        // The script must be known to Redis before EVALSHA: load the same text the service uses.
        var load = new ProcessBuilder("redis-cli", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()), "-x",
                "SCRIPT", "LOAD").redirectErrorStream(true).start();
        load.getOutputStream().write(script.getScriptAsString().getBytes(StandardCharsets.UTF_8));
        load.getOutputStream().close();
        String sha = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (load.waitFor() != 0 || !sha.equals(script.getSha1())) {
            throw new IllegalStateException("SCRIPT LOAD answered " + sha + ", expected " + script.getSha1());
        }
        long started = System.nanoTime();
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("redis-benchmark failed: " + output);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // --csv: a header line, then "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",
        // "p95_latency_ms","p99_latency_ms","max_latency_ms".
        String[] lines = output.strip().split("\n");
        String[] fields = lines[lines.length - 1].replace("\"", "").split(",");
        double rps = Double.parseDouble(fields[fields.length - 7]);
        return new Result("redis-benchmark EVALSHA (same script)", requests, requests / rps,
                Double.parseDouble(fields[fields.length - 4]), Double.parseDouble(fields[fields.length - 2]),
                Double.parseDouble(fields[fields.length - 1]));
    }

    private static Map<String, String> options(String[] args) {
        var options = new HashMap<String, String>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Options look like --concurrency=50; got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
