package dev.seatbooking.loadtest;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.Collection;

/**
 * The end check that Redis and the database agree on the load test's flights.
 *
 * <p>No endpoint shows the database's seat figures next to Redis's yet. The reconciler compares the
 * two (5 s after start-up, then every booking.reconcile-interval, 60 s by default) and counts every
 * repair as inventory_drift_total{flight,kind} on /actuator/prometheus; a repair on a load-test
 * flight means Redis and the database disagreed. It is a weak check: a short run may end before
 * the reconciler looks at the flights. Replace it with a direct comparison once an admin endpoint
 * shows both figures; the simulations only call {@link #verifyRedisAgreesWithDatabase}.
 */
final class Drift {

    private Drift() {
    }

    /** A request that fails unless no drift was repaired on these flights; saves the sum as "drift". */
    static ChainBuilder verifyRedisAgreesWithDatabase(Collection<String> flightIds) {
        return exec(http("verify: redis vs database").get("/actuator/prometheus")
                // The Prometheus endpoint answers application/json with 406.
                .header("Accept", "text/plain")
                .check(bodyString().transform(body -> of(body, flightIds)).saveAs("drift"),
                        bodyString().transform(body -> of(body, flightIds)).is(0.0)
                                .name("the reconciler repaired no drift on these flights")));
    }

    /** The sum of inventory_drift_total over all kinds for these flights; 0 when none drifted. */
    static double of(String prometheusText, Collection<String> flightIds) {
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("inventory_drift_total{") && flightIds.stream()
                    .anyMatch(flightId -> line.contains("flight=\"" + flightId + "\""))) {
                // A sample line is: name{labels} value [timestamp]
                String[] parts = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+");
                sum += Double.parseDouble(parts[0]);
            }
        }
        return sum;
    }
}
