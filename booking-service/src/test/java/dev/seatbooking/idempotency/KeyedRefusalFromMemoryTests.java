package dev.seatbooking.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.FullFlights;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A keyed claim on a flight an instance remembers as full is refused without the database only
 * when the key's marker says no claim under it committed or runs: a retry of the claim that won
 * still gets its 201, one during the first claim still hears REQUEST_IN_PROGRESS, and a flight Redis
 * lost gets its markers back with its seats. The instance here remembers for 1 s, and each test
 * checks it does remember the flight right before the request that matters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyedRefusalFromMemoryTests extends IntegrationTest {

    private ConfigurableApplicationContext instance;
    private TestApi via;

    @BeforeAll
    void startInstance() {
        instance = startAnotherInstance("--inventory.full-flight-memory=1s");
        via = new TestApi(portOf(instance));
    }

    @AfterAll
    void stopInstance() {
        instance.close();
    }

    @Test
    void aFreshKeyOnAFullFlightIsRefusedFromMemory() {
        String flightId = soldOut();
        double before = refusedFromMemory();

        var refused = via.claim(TestApi.newUserId(), flightId, 1, "fresh-key");

        assertThat(refused.error()).isEqualTo("NO_SEATS");
        assertThat(refusedFromMemory()).isEqualTo(before + 1);
    }

    @Test
    void theWinnersRetryGetsItsBookingBackFromItsMarker() {
        String flightId = api.createFlight(1);
        String winner = TestApi.newUserId();
        var won = via.claim(winner, flightId, 1, "winning-key");
        redis.delete(IdempotencyKeys.usedKey(new IdempotencyScope(winner, "winning-key", "ignored")));
        rememberFull(flightId);

        var retried = via.claim(winner, flightId, 1, "winning-key");

        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.raw()).isEqualTo(won.raw());
    }

    @Test
    void aRetryWhileTheFirstClaimRunsIsToldSo() {
        String flightId = soldOut();
        String user = TestApi.newUserId();
        String marker = IdempotencyKeys.markerKey(new IdempotencyScope(user, "running-key", "ignored"), flightId);
        redis.opsForValue().set(marker, "first-token:" + redisNow().toEpochMilli(), Duration.ofMinutes(1));
        rememberFull(flightId);

        assertThat(via.claim(user, flightId, 1, "running-key").error()).isEqualTo("REQUEST_IN_PROGRESS");
    }

    @Test
    void aMarkerOfAnEarlierVersionCountsAsRunning() {
        String flightId = soldOut();
        String user = TestApi.newUserId();
        String marker = IdempotencyKeys.markerKey(new IdempotencyScope(user, "old-key", "ignored"), flightId);
        redis.opsForValue().set(marker, "bare-token-of-an-earlier-version", Duration.ofSeconds(30));
        rememberFull(flightId);

        assertThat(via.claim(user, flightId, 1, "old-key").error()).isEqualTo("REQUEST_IN_PROGRESS");
    }

    @Test
    void theWinnersKeyForAnotherFullFlightIsAReusedKey() {
        String flightId = api.createFlight(1);
        String otherFlight = soldOut();
        String winner = TestApi.newUserId();
        assertThat(via.claim(winner, flightId, 1, "trip-key").status()).isEqualTo(201);
        rememberFull(otherFlight);

        var reused = via.claim(winner, otherFlight, 1, "trip-key");

        assertThat(reused.error()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void whileAnAnswerWithoutItsMarkersFlightIsKeptKeyedClaimsAskTheDatabase() {
        String flightId = soldOut();
        String caller = TestApi.newUserId();
        // What an earlier version of the service wrote: no marker's flight.
        jdbc.sql("""
                INSERT INTO idempotency_key (caller, idem_key, request_hash, response_status, response_body, created_at)
                VALUES (:caller, 'old', :hash, 201, '{}', now())
                """).param("caller", caller).param("hash", "0".repeat(64)).update();
        try {
            instance.getBean(IdempotencyKeys.class).checkMarkersComplete();
            assertThat(instance.getBean(IdempotencyKeys.class).markersComplete()).isFalse();
            rememberFull(flightId);
            double before = refusedFromMemory();

            assertThat(via.claim(TestApi.newUserId(), flightId, 1, "a-key").error()).isEqualTo("NO_SEATS");
            assertThat(refusedFromMemory()).as("refused by Redis, after the database lookup").isEqualTo(before);
        } finally {
            jdbc.sql("DELETE FROM idempotency_key WHERE caller = :caller").param("caller", caller).update();
            instance.getBean(IdempotencyKeys.class).checkMarkersComplete();
        }
        assertThat(instance.getBean(IdempotencyKeys.class).markersComplete()).isTrue();
    }

    @Test
    void afterAnUpdateFromAnEarlierVersionKeyedClaimsAskTheDatabaseForADay() {
        var keys = instance.getBean(IdempotencyKeys.class);
        // As if the database had been created long before the update that added the markers' flight.
        jdbc.sql("UPDATE flyway_schema_history SET installed_on = installed_on - INTERVAL '30 days' WHERE version = '1'")
                .update();
        try {
            keys.checkMarkersComplete();
            assertThat(keys.markersComplete()).as("V7 ran minutes ago, after a database of earlier versions").isFalse();
            jdbc.sql("UPDATE flyway_schema_history SET installed_on = installed_on - INTERVAL '26 hours' WHERE version = '7'")
                    .update();
            keys.checkMarkersComplete();
            assertThat(keys.markersComplete()).as("V7 ran more than a marker's life ago").isTrue();
        } finally {
            jdbc.sql("UPDATE flyway_schema_history SET installed_on = installed_on + INTERVAL '30 days' WHERE version = '1'")
                    .update();
            jdbc.sql("UPDATE flyway_schema_history SET installed_on = installed_on + INTERVAL '26 hours' WHERE version = '7' "
                    + "AND installed_on < now() - INTERVAL '25 hours'").update();
            keys.checkMarkersComplete();
        }
        assertThat(keys.markersComplete()).isTrue();
    }

    @Test
    void aFlightRedisLostComesBackWithTheMarkersOfItsAnsweredKeys() {
        String flightId = api.createFlight(1);
        String winner = TestApi.newUserId();
        var won = via.claim(winner, flightId, 1, "kept-key");
        var scope = new IdempotencyScope(winner, "kept-key", "ignored");
        String marker = IdempotencyKeys.markerKey(scope, flightId);
        assertThat(redis.opsForValue().get(marker)).as("the marker stays after the claim committed").isNotNull();
        assertThat(via.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");

        // Redis loses the flight (its slot: seats and markers) and the key's note, while the
        // instance still remembers the flight as full.
        redis.delete(redis.keys("*{" + flightId + "}*"));
        redis.delete(IdempotencyKeys.usedKey(scope));
        assertThat(instance.getBean(FullFlights.class).refuses(flightId, 1)).isTrue();
        var retried = via.claim(winner, flightId, 1, "kept-key");

        assertThat(retried.status()).as("the flight is not loaded: the database decides").isEqualTo(201);
        assertThat(retried.raw()).isEqualTo(won.raw());
        // This test's own instance does not remember the flight: its claim reloads it.
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
        assertThat(redis.opsForValue().get(marker)).isEqualTo(IdempotencyKeys.RESTORED);
        assertThat(via.claim(winner, flightId, 1, "kept-key").raw()).isEqualTo(won.raw());
    }

    /** A flight of one seat, held, that the instance has just been refused a claim on. */
    private String soldOut() {
        String flightId = api.createFlight(1);
        api.claim(TestApi.newUserId(), flightId, 1);
        rememberFull(flightId);
        return flightId;
    }

    private void rememberFull(String flightId) {
        assertThat(via.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
        assertThat(instance.getBean(FullFlights.class).refuses(flightId, 1)).as("the instance remembers it").isTrue();
    }

    private double refusedFromMemory() {
        return instance.getBean(MeterRegistry.class).get("inventory.claims.refused_from_memory").counter().count();
    }
}
