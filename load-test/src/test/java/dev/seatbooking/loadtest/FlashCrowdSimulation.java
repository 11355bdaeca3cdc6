package dev.seatbooking.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The design's flash crowd: many buyers, few seats, all at once (DESIGN section 8). One flight with
 * {@code seats} seats; {@code users} buyers arrive within {@code rampSeconds}, each claiming one
 * seat. Exactly min(seats, users) claims may win (201); every other one must be 409 NO_SEATS, and
 * once the payments have settled the service must have sold exactly as many seats as it answered
 * 201. Anything else fails the run.
 *
 * <p>Properties: baseUrl (http://localhost:8083), users (10000), seats (100, at most 1000 per the
 * API), rampSeconds (10), settleSeconds (60: how long to wait for payments to confirm), baseline
 * (false; true when baseUrl is benchmarks/BareServer.java, which answers every claim 409 NO_SEATS
 * and keeps nothing: the crowd then only times the answers, with no end checks against a service),
 * latencyCsv (a file to write each claim's send time and response time to, for a chart; none by
 * default).
 */
public class FlashCrowdSimulation extends Simulation {

    private final String baseUrl = Settings.baseUrl();
    private final int users = Settings.intProperty("users", 10_000, 1, 1_000_000);
    private final int seats = Settings.intProperty("seats", 100, 1, 1000);
    private final int rampSeconds = Settings.intProperty("rampSeconds", 10, 1, 3600);
    private final int settleSeconds = Settings.intProperty("settleSeconds", 60, 1, 3600);
    /**
     * Keep-alive connections the buyers share, as the ingress or load balancer in front of the
     * service keeps to it; 0 gives each buyer a connection of its own (the service then accepts
     * 10,000 new TCP connections within the ramp).
     */
    private final int connections = Settings.intProperty("connections", 0, 0, 100_000);
    private final boolean baseline = Boolean.getBoolean("baseline");
    private final String latencyCsv = System.getProperty("latencyCsv", "");
    private final String flightId = Settings.newFlightIdPrefix("FC");
    private final String flightPath = "/v1/flights/" + flightId;
    private final int expectedSold = baseline ? 0 : Math.min(seats, users);

    // Counted by the virtual users as the answers come in, for the end check and the summary.
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger noSeats = new AtomicInteger();
    private final AtomicInteger other = new AtomicInteger();
    private final Latencies claimLatencies = new Latencies();
    private final AtomicLong firstClaimSentAt = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastClaimAnsweredAt = new AtomicLong();

    // What the final read of the flight found; -1 until it ran (a service that stopped answering).
    private volatile long runStartedAt;
    private volatile long settleMillis = -1;
    private volatile int soldInService = -1;
    private volatile int heldInService = -1;
    private volatile int availableInService = -1;
    private volatile int drift = -1;

    private final HttpProtocolBuilder protocol = shared(http
            .baseUrl(baseUrl)
            // Gatling's default warm-up calls gatling.io, which this machine cannot reach; warm up
            // the service's connection path instead so the first claims do not pay for it.
            .warmUp(baseUrl + "/actuator/health")
            .acceptHeader("application/json")
            .contentTypeHeader("application/json"));

    private HttpProtocolBuilder shared(HttpProtocolBuilder protocol) {
        return connections == 0 ? protocol : protocol.shareConnections().maxConnectionsPerHost(connections);
    }

    /** One buyer: a unique user, one seat, and an Idempotency-Key as a well-behaved client sends. */
    private final ChainBuilder claim = exec(session -> {
                firstClaimSentAt.accumulateAndGet(System.currentTimeMillis(), Math::min);
                return session
                        .set("buyer", "fc-" + flightId + "-" + session.userId())
                        .set("token", Tokens.user("fc-" + flightId + "-" + session.userId()))
                        .set("idempotencyKey", UUID.randomUUID().toString());
            })
            .exec(http("claim")
                    .post("/v1/bookings")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{idempotencyKey}")
                    .body(StringBody("{\"userId\":\"#{buyer}\",\"flightIdentifier\":\"" + flightId
                            + "\",\"seats\":1,\"paymentMethod\":\"pm_card_visa\"}"))
                    // Saved before the status is judged, so a wrong answer is still timed and counted.
                    .check(responseTimeInMillis().saveAs("claimMillis"),
                            status().saveAs("claimStatus"),
                            status().in(201, 409))
                    .checkIf((response, session) -> response.status().code() == 201)
                    .then(jsonPath("$.status").is("PENDING"), jsonPath("$.bookingId").exists())
                    // A 409 must be a problem detail saying NO_SEATS: REQUEST_IN_PROGRESS or any
                    // other conflict would mean the service refused for a reason this test did not cause.
                    .checkIf((response, session) -> response.status().code() == 409)
                    .then(header("Content-Type").transform(type -> type.startsWith("application/problem+json")).is(true),
                            jsonPath("$.error").is("NO_SEATS")))
            .exec(this::countClaim);

    private Session countClaim(Session session) {
        lastClaimAnsweredAt.accumulateAndGet(System.currentTimeMillis(), Math::max);
        if (session.contains("claimMillis")) {
            int millis = session.getInt("claimMillis");
            claimLatencies.add(System.currentTimeMillis() - millis, millis);
        }
        // Failed means a check failed (or no answer came): whatever the status, it is "other".
        Integer status = session.getIntegerWrapper("claimStatus");
        if (!session.isFailed() && status != null && status == 201) {
            created.incrementAndGet();
        } else if (!session.isFailed() && status != null && status == 409) {
            noSeats.incrementAndGet();
        } else {
            other.incrementAndGet();
        }
        return session;
    }

    /**
     * After the crowd: pm_card_visa payments confirm through the simulator's webhook a second or so
     * after the 201, so wait until the flight has sold as many seats as there were 201s (or the
     * settle time runs out), then read it once more and check it.
     */
    private final ChainBuilder settleAndVerify = exec(session -> session
                    .set("sold", -1)
                    .set("settleStartedAt", System.currentTimeMillis()))
            .asLongAs(session -> session.getInt("sold") < created.get()
                    && System.currentTimeMillis() - session.getLong("settleStartedAt") < settleSeconds * 1000L)
            .on(exec(http("settle: read flight").get(flightPath)
                            .check(jsonPath("$.seatsSold").ofInt().saveAs("sold")))
                    .exec(session -> {
                        // The last read's time: when sold reached the 201s, or the settle time ran out.
                        settleMillis = System.currentTimeMillis() - session.getLong("settleStartedAt");
                        return session;
                    })
                    .pause(Duration.ofMillis(500)))
            // Forget the settle loop's figure, so a failed read below cannot report it.
            .exec(session -> session.remove("sold"))
            .exec(http("verify: flight").get(flightPath)
                    .check(jsonPath("$.seatsSold").ofInt().saveAs("sold"),
                            jsonPath("$.seatsHeld").ofInt().saveAs("held"),
                            jsonPath("$.availableSeats").ofInt().saveAs("available"),
                            jsonPath("$.capacity").ofInt().is(seats).name("capacity is the seats created"),
                            jsonPath("$.seatsSold").ofInt().is(session -> created.get()).name("seatsSold equals the 201s"),
                            jsonPath("$.seatsSold").ofInt().is(expectedSold).name("seatsSold is min(seats, users)"),
                            jsonPath("$.seatsHeld").ofInt().is(0).name("no hold left once payments settled")))
            .exec(session -> {
                soldInService = session.contains("sold") ? session.getInt("sold") : -1;
                heldInService = session.contains("held") ? session.getInt("held") : -1;
                availableInService = session.contains("available") ? session.getInt("available") : -1;
                return session;
            })
            // Redis and the database must agree on the flight; see Drift for how far that is checked.
            .exec(Drift.verifyRedisAgreesWithDatabase(List.of(flightId)))
            .exec(session -> {
                drift = session.contains("drift") ? session.getInt("drift") : -1;
                return session;
            });

    {
        ScenarioBuilder crowd = scenario("flash crowd").exec(claim);
        ScenarioBuilder verify = scenario("settle and verify").exec(settleAndVerify);
        var buyers = crowd.injectOpen(rampUsers(users).during(Duration.ofSeconds(rampSeconds)));

        // andThen: the check starts only once every buyer has had an answer.
        setUp(baseline ? buyers : buyers.andThen(verify.injectOpen(atOnceUsers(1))))
                .protocols(protocol)
                .assertions(
                        // Covers the claims (only 201 or 409 NO_SEATS pass) and the end checks.
                        global().failedRequests().count().is(0L),
                        details("claim").allRequests().count().is((long) users));
    }

    @Override
    public void before() {
        new ServiceClient(baseUrl).createFlight(flightId, seats);
        System.out.printf("Flash crowd: flight %s with %d seats, %d users within %d s, against %s%n",
                flightId, seats, users, rampSeconds, baseUrl);
        runStartedAt = System.currentTimeMillis();
    }

    /**
     * Prints the summary. The verdict printed here and Gatling's assertions test the same things;
     * the assertions are what fail the build, because throwing here would crash Gatling before it
     * writes the report.
     */
    @Override
    public void after() {
        List<String> problems = problems();
        double claimSeconds = Math.max(lastClaimAnsweredAt.get() - firstClaimSentAt.get(), 1) / 1000.0;
        double totalSeconds = (System.currentTimeMillis() - runStartedAt) / 1000.0;
        String line = "=".repeat(72);
        StringBuilder out = new StringBuilder("\n").append(line).append('\n');
        out.append("Flash crowd on %s at %s%s%n".formatted(flightId, baseUrl,
                baseline ? " (baseline: a bare server, answers timed, nothing checked)" : ""));
        out.append("  users              %8d   (arriving within %d s)%n".formatted(users, rampSeconds));
        out.append("  seats              %8d%n".formatted(seats));
        out.append("  connections        %8s%n".formatted(connections == 0 ? "one per user" : connections + " shared"));
        out.append("  201 Created        %8d   (expected %d)%n".formatted(created.get(), expectedSold));
        out.append("  409 NO_SEATS       %8d   (expected %d)%n".formatted(noSeats.get(), users - expectedSold));
        out.append("  other              %8d   (expected 0)%n".formatted(other.get()));
        out.append("  claim latency      %s%n".formatted(claimLatencies.summary()));
        out.append("  claims             %8.1f s, %.0f claims/s (first sent to last answered)%n"
                .formatted(claimSeconds, users / claimSeconds));
        out.append("  payments settled   %8s%n".formatted(settleMillis < 0 ? "n/a" : "%.1f s".formatted(settleMillis / 1000.0)));
        out.append("  total duration     %8.1f s%n".formatted(totalSeconds));
        out.append("  sold in service    %8d   (held %d, available %d)%n"
                .formatted(soldInService, heldInService, availableInService));
        out.append("  redis vs database  %8s%n".formatted(drift < 0 ? "n/a" : drift == 0 ? "agree" : drift + " flight(s) disagree"));
        problems.forEach(problem -> out.append("  problem: ").append(problem).append('\n'));
        out.append("RESULT: ").append(problems.isEmpty() ? "PASS" : "FAIL").append('\n').append(line);
        System.out.println(out);
        if (!latencyCsv.isBlank()) {
            claimLatencies.writeCsv(Path.of(latencyCsv));
        }
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (created.get() != expectedSold) {
            problems.add("%d claims won, expected min(seats, users) = %d".formatted(created.get(), expectedSold));
        }
        if (noSeats.get() != users - expectedSold) {
            problems.add("%d NO_SEATS answers, expected %d".formatted(noSeats.get(), users - expectedSold));
        }
        if (other.get() != 0) {
            problems.add(other.get() + " claims answered neither 201 nor 409 NO_SEATS (see the report)");
        }
        if (baseline) {
            return problems;
        }
        if (soldInService != created.get()) {
            problems.add("the service sold %d seats for %d winning claims".formatted(soldInService, created.get()));
        }
        if (heldInService != 0) {
            problems.add("%d seats still held after waiting %d s for payments".formatted(heldInService, settleSeconds));
        }
        if (drift != 0) {
            problems.add(drift < 0 ? "could not compare Redis with the database"
                    : "Redis and the database disagree on %d flight(s)".formatted(drift));
        }
        return problems;
    }
}
