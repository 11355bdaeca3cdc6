package dev.seatbooking.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A keyed claim on a flight this instance remembers as full is refused without the database only
 * when the key's marker says no claim under it committed or runs: a retry of the claim that won
 * still gets its 201, one during the first claim still hears REQUEST_IN_PROGRESS, and a flight Redis
 * lost gets its markers back with its seats.
 */
class KeyedRefusalFromMemoryTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aFreshKeyOnAFullFlightIsRefusedFromMemory() {
        String flightId = soldOut();
        double before = refusedFromMemory();

        var refused = api.claim(TestApi.newUserId(), flightId, 1, "fresh-key");

        assertThat(refused.error()).isEqualTo("NO_SEATS");
        assertThat(refusedFromMemory()).isEqualTo(before + 1);
    }

    @Test
    void theWinnersRetryGetsItsBookingBack() {
        String flightId = api.createFlight(1);
        String winner = TestApi.newUserId();
        var won = api.claim(winner, flightId, 1, "winning-key");
        assertThat(won.status()).isEqualTo(201);
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");

        var retried = api.claim(winner, flightId, 1, "winning-key");

        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.raw()).isEqualTo(won.raw());
    }

    @Test
    void aRetryWhileTheFirstClaimRunsIsToldSo() {
        String flightId = soldOut();
        String user = TestApi.newUserId();
        String marker = IdempotencyKeys.markerKey(new IdempotencyScope(user, "running-key", "ignored"), flightId);
        redis.opsForValue().set(marker, "first-token:" + System.currentTimeMillis(), Duration.ofMinutes(1));

        var retried = api.claim(user, flightId, 1, "running-key");

        assertThat(retried.error()).isEqualTo("REQUEST_IN_PROGRESS");
    }

    @Test
    void theWinnersKeyForAnotherFullFlightIsAReusedKey() {
        String flightId = api.createFlight(1);
        String otherFlight = soldOut();
        String winner = TestApi.newUserId();
        assertThat(api.claim(winner, flightId, 1, "trip-key").status()).isEqualTo(201);

        var reused = api.claim(winner, otherFlight, 1, "trip-key");

        assertThat(reused.error()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void aFlightRedisLostComesBackWithTheMarkersOfItsAnsweredKeys() {
        try (var instance = startAnotherInstance("--inventory.full-flight-memory=1s")) {
            var via = new TestApi(portOf(instance));
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
            assertThat(instance.getBean(dev.seatbooking.inventory.FullFlights.class).refuses(flightId, 1)).isTrue();
            var retried = via.claim(winner, flightId, 1, "kept-key");

            assertThat(retried.status()).as("the flight is not loaded: the database decides").isEqualTo(201);
            assertThat(retried.raw()).isEqualTo(won.raw());
            // This test's own instance does not remember the flight: its claim reloads it.
            assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
            assertThat(redis.opsForValue().get(marker)).isEqualTo("restored:0");
            assertThat(via.claim(winner, flightId, 1, "kept-key").raw()).isEqualTo(won.raw());
        }
    }

    /** A flight of one seat, held, that this instance has just been refused a claim on. */
    private String soldOut() {
        String flightId = api.createFlight(1);
        api.claim(TestApi.newUserId(), flightId, 1);
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
        return flightId;
    }

    private double refusedFromMemory() {
        return meters.get("inventory.claims.refused_from_memory").counter().count();
    }
}
