package dev.seatbooking.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.List;

/**
 * The end check that Redis and the database agree on the load test's flights: the service's admin
 * view ({@code GET /v1/admin/flights/{id}/inventory}) reads both and answers {@code agree}. Run it
 * once the load has stopped: while claims are in flight the two differ for a moment.
 */
final class Drift {

    private Drift() {
    }

    /** One request per flight, each failing unless they agree; saves the number that disagree as "drift". */
    static ChainBuilder verifyRedisAgreesWithDatabase(List<String> flightIds) {
        return exec(session -> session.set("drift", 0))
                .foreach(flightIds, "driftFlight").on(
                        exec(session -> session.remove("agree"))
                        .exec(http("verify: redis vs database").get("/v1/admin/flights/#{driftFlight}/inventory")
                                .header("Authorization", "Bearer " + Tokens.admin())
                                .check(jsonPath("$.agree").ofBoolean().saveAs("agree"),
                                        jsonPath("$.agree").ofBoolean().is(true).name("Redis and the database agree")))
                        .exec(session -> session.set("drift", session.getInt("drift")
                                + (session.contains("agree") && session.getBoolean("agree") ? 0 : 1))));
    }
}
