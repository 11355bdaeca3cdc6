package dev.seatbooking.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long, mixed run: buyers arrive at a steady rate over several flights, pay with every test
 * payment method (declines, late and missing payments, duplicated webhooks), read their bookings,
 * and some cancel. Every answer must be a documented one, and every flight's counts must add up
 * during and after the run. It does not wait for all payments to end: pm_sim_never holds last the
 * hold TTL (5 min) and pm_sim_late pays after 6 min.
 *
 * <p>Properties: baseUrl (http://localhost:8083), minutes (5), rate (50 buyers/s), flights (20),
 * seats (500 per flight).
 */
public class SteadyMixSimulation extends Simulation {

    private static final List<String> PAYMENT_METHODS = List.of("pm_card_visa", "pm_card_visa_chargeDeclined",
            "pm_sim_delayed", "pm_sim_never", "pm_sim_chaos", "pm_sim_late");
    private static final List<String> BOOKING_STATUSES = List.of("PENDING", "CONFIRMED", "FAILED", "TIMEOUT",
            "CANCELLED", "REFUNDED");
    private static final int CANCEL_PERCENT = 20;
    private static final int READ_FLIGHT_PERCENT = 30;

    private final String baseUrl = Settings.baseUrl();
    private final int minutes = Settings.intProperty("minutes", 5, 1, 24 * 60);
    private final int rate = Settings.intProperty("rate", 50, 1, 10_000);
    private final int seats = Settings.intProperty("seats", 500, 1, 1000);
    private final List<String> flightIds = flightIds(Settings.intProperty("flights", 20, 1, 999));

    private final Tally tally = new Tally();
    private final Latencies claimLatencies = new Latencies();
    private final AtomicInteger flightsChecked = new AtomicInteger();
    private final AtomicInteger soldAtEnd = new AtomicInteger();
    private final AtomicInteger heldAtEnd = new AtomicInteger();
    private final AtomicInteger availableAtEnd = new AtomicInteger();
    private volatile int drift = -1;
    private volatile long runStartedAt;

    private final HttpProtocolBuilder protocol = http
            .baseUrl(baseUrl)
            // Gatling's default warm-up calls gatling.io, which this machine cannot reach.
            .warmUp(baseUrl + "/actuator/health")
            .acceptHeader("application/json")
            .contentTypeHeader("application/json");

    private static List<String> flightIds(int count) {
        String prefix = Settings.newFlightIdPrefix("SM");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "%03d".formatted(i));
        }
        return List.copyOf(ids);
    }

    /** Runs one request and tallies its answer; see Tally.count for why the session is reset first. */
    private ChainBuilder tallied(String name, HttpRequestActionBuilder request) {
        return exec(session -> session.markAsSucceeded().remove("status"))
                .exec(request)
                .exec(session -> {
                    tally.count(name, session);
                    return session;
                });
    }

    /** A documented problem answer: application/problem+json with this error code. */
    private static HttpRequestActionBuilder expectProblemOn409(HttpRequestActionBuilder request, String error) {
        return request.checkIf((response, session) -> response.status().code() == 409)
                .then(header("Content-Type").transform(type -> type.startsWith("application/problem+json")).is(true),
                        jsonPath("$.error").is(error));
    }

    private final ChainBuilder claim = tallied("claim", expectProblemOn409(http("claim")
                    .post("/v1/bookings")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{idempotencyKey}")
                    .body(StringBody("{\"userId\":\"#{buyer}\",\"flightIdentifier\":\"#{flightId}\","
                            + "\"seats\":#{seats},\"paymentMethod\":\"#{paymentMethod}\"}"))
                    // status first: saved even when a later check fails, for the tally.
                    .check(status().saveAs("status"),
                            responseTimeInMillis().saveAs("claimMillis"),
                            status().in(201, 409))
                    .checkIf((response, session) -> response.status().code() == 201)
                    .then(jsonPath("$.status").is("PENDING"), jsonPath("$.bookingId").saveAs("bookingId")),
            "NO_SEATS"))
            .exec(session -> {
                if (session.contains("claimMillis")) {
                    int millis = session.getInt("claimMillis");
                    claimLatencies.add(System.currentTimeMillis() - millis, millis);
                }
                return session;
            });

    private final ChainBuilder readBooking = tallied("read booking", http("read booking")
            .get("/v1/bookings/#{bookingId}")
            .header("Authorization", "Bearer #{token}")
            .check(status().saveAs("status"),
                    status().is(200),
                    jsonPath("$.bookingId").isEL("#{bookingId}"),
                    jsonPath("$.status").in(BOOKING_STATUSES)));

    /**
     * 200 CANCELLED for a PENDING or CONFIRMED booking (or REFUNDED, when a payment that succeeded
     * while the cancel ran was refunded before the answer went out); 409 BOOKING_NOT_CANCELLABLE
     * once it has ended otherwise (a declined payment makes it FAILED within a second).
     */
    private final ChainBuilder cancel = tallied("cancel", expectProblemOn409(http("cancel")
                    .delete("/v1/bookings/#{bookingId}")
                    .header("Authorization", "Bearer #{token}")
                    .check(status().saveAs("status"), status().in(200, 409))
                    .checkIf((response, session) -> response.status().code() == 200)
                    .then(jsonPath("$.status").in("CANCELLED", "REFUNDED")),
            "BOOKING_NOT_CANCELLABLE"));

    /** The counts come from Redis in one read; they must add up and never go below zero. */
    private ChainBuilder readFlight(String name) {
        return tallied(name, http(name)
                .get("/v1/flights/#{flightId}")
                .check(status().saveAs("status"),
                        status().is(200),
                        jsonPath("$.capacity").ofInt().is(seats),
                        jsonPath("$").ofMap().transform(SteadyMixSimulation::countsAddUp).is(true)
                                .name("0 <= sold, held, available and sold + held + available = capacity"),
                        jsonPath("$.seatsSold").ofInt().saveAs("sold"),
                        jsonPath("$.seatsHeld").ofInt().saveAs("held"),
                        jsonPath("$.availableSeats").ofInt().saveAs("available")));
    }

    private static boolean countsAddUp(Map<String, Object> flight) {
        int capacity = ((Number) flight.get("capacity")).intValue();
        int sold = ((Number) flight.get("seatsSold")).intValue();
        int held = ((Number) flight.get("seatsHeld")).intValue();
        int available = ((Number) flight.get("availableSeats")).intValue();
        return sold >= 0 && held >= 0 && available >= 0 && sold + held + available == capacity;
    }

    /** One buyer's choices, made up front so the chain below reads as the visit. */
    private Session chooseVisit(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return session
                .set("buyer", "sm-" + flightIds.getFirst() + "-" + session.userId())
                .set("token", Tokens.user("sm-" + flightIds.getFirst() + "-" + session.userId()))
                .set("idempotencyKey", UUID.randomUUID().toString())
                .set("flightId", flightIds.get(random.nextInt(flightIds.size())))
                .set("seats", 1 + random.nextInt(2))
                .set("paymentMethod", PAYMENT_METHODS.get(random.nextInt(PAYMENT_METHODS.size())))
                .set("cancels", random.nextInt(100) < CANCEL_PERCENT)
                .set("readsFlight", random.nextInt(100) < READ_FLIGHT_PERCENT);
    }

    private final ChainBuilder visit = exec(this::chooseVisit)
            .exec(claim)
            .doIf(session -> session.contains("bookingId")).then(
                    exec(readBooking)
                            .doIf("#{cancels}").then(
                                    // Some cancel at once (PENDING), some after payment has ended.
                                    pause(Duration.ZERO, Duration.ofSeconds(3))
                                            .exec(cancel)))
            .doIf("#{readsFlight}").then(exec(readFlight("read flight")));

    /** After the run: every flight's counts add up, and Redis agrees with the database. */
    private final ChainBuilder verify = foreach(flightIds, "flightId").on(
                    // Forget the previous flight's figures, so a failed read adds nothing.
                    exec(session -> session.remove("sold"))
                            .exec(readFlight("verify: flight"))
                            .exec(session -> {
                                // tallied() reset the session before the read: failed means this flight failed.
                                if (!session.isFailed() && session.contains("sold")) {
                                    flightsChecked.incrementAndGet();
                                    soldAtEnd.addAndGet(session.getInt("sold"));
                                    heldAtEnd.addAndGet(session.getInt("held"));
                                    availableAtEnd.addAndGet(session.getInt("available"));
                                }
                                return session;
                            }))
            .exec(Drift.verifyRedisAgreesWithDatabase(List.copyOf(flightIds)))
            .exec(session -> {
                drift = session.contains("drift") ? session.getInt("drift") : -1;
                return session;
            });

    {
        setUp(scenario("steady mix").exec(visit)
                        .injectOpen(constantUsersPerSec(rate).during(Duration.ofMinutes(minutes)).randomized())
                        .andThen(scenario("verify").exec(verify).injectOpen(atOnceUsers(1))))
                .protocols(protocol)
                // Only documented answers pass a request's checks, so one KO fails the run.
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void before() {
        ServiceClient service = new ServiceClient(baseUrl);
        flightIds.forEach(flightId -> service.createFlight(flightId, seats));
        System.out.printf("Steady mix: %d flights %s..%s with %d seats each, %d buyers/s for %d min, against %s%n",
                flightIds.size(), flightIds.getFirst(), flightIds.getLast(), seats, rate, minutes, baseUrl);
        runStartedAt = System.currentTimeMillis();
    }

    /** Prints the summary; Gatling's assertions are what fail the build (see FlashCrowdSimulation.after). */
    @Override
    public void after() {
        List<String> problems = new ArrayList<>();
        if (tally.failed() > 0) {
            problems.add(tally.failed() + " requests failed their checks (see the report)");
        }
        if (flightsChecked.get() != flightIds.size()) {
            problems.add("only %d of %d flights passed the end check".formatted(flightsChecked.get(), flightIds.size()));
        }
        if (drift != 0) {
            problems.add(drift < 0 ? "could not compare Redis with the database"
                    : "Redis and the database disagree on %d flight(s)".formatted(drift));
        }
        String line = "=".repeat(72);
        StringBuilder out = new StringBuilder("\n").append(line).append('\n');
        out.append("Steady mix on %d flights (%s..%s) at %s%n".formatted(
                flightIds.size(), flightIds.getFirst(), flightIds.getLast(), baseUrl));
        out.append("  arrivals           %d buyers/s for %d min, %d seats per flight%n".formatted(rate, minutes, seats));
        out.append(tally.summary());
        out.append("  claim latency      %s%n".formatted(claimLatencies.summary()));
        out.append("  total duration     %.1f s%n".formatted((System.currentTimeMillis() - runStartedAt) / 1000.0));
        out.append("  flights at end     sold %d, held %d, available %d of %d seats (payments may still run)%n"
                .formatted(soldAtEnd.get(), heldAtEnd.get(), availableAtEnd.get(), seats * flightIds.size()));
        out.append("  redis vs database  %s%n".formatted(drift < 0 ? "n/a" : drift == 0 ? "agree" : drift + " flight(s) disagree"));
        problems.forEach(problem -> out.append("  problem: ").append(problem).append('\n'));
        out.append("RESULT: ").append(problems.isEmpty() ? "PASS" : "FAIL").append('\n').append(line);
        System.out.println(out);
    }
}
