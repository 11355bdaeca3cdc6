package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.booking.BookingLeg;
import dev.seatbooking.inventory.InventoryKeys;
import dev.seatbooking.system.RedisGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MultiLegClaimTests extends IntegrationTest {

    @Autowired
    SeatHolds holds;

    @Autowired
    RedisGuard guard;

    @Autowired
    MeterRegistry meters;

    @Test
    void claimOnEveryLegHoldsSeatsOnEachFlight() {
        var ids = onDifferentMasters("A", "B");
        String a = api.createFlight(ids.get(0), 10, "EUR");
        String b = api.createFlight(ids.get(1), 10, "EUR");

        var response = api.claimLegs(TestApi.newUserId(), List.of(b, a), 3);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("legs")).hasSize(2);
        assertThat(response.body().path("totalPrice").decimalValue()).isEqualByComparingTo("723.00");
        assertThat(api.flight(a).path("availableSeats").asInt()).isEqualTo(7);
        assertThat(api.flight(b).path("availableSeats").asInt()).isEqualTo(7);
    }

    @Test
    void legThatIsShortReleasesTheLegsTakenBeforeIt() { // I9
        // Legs are claimed in flight-id order: A is taken first and must be given back when B is short.
        var ids = onDifferentMasters("A", "B");
        String a = api.createFlight(ids.get(0), 10, "EUR");
        String b = api.createFlight(ids.get(1), 2, "EUR");
        assertThat(api.claim(TestApi.newUserId(), b, 1).status()).isEqualTo(201);
        assertThat(api.claim(TestApi.newUserId(), a, 4).status()).isEqualTo(201);
        var before = api.flight(a);

        var response = api.claimLegs(TestApi.newUserId(), List.of(b, a), 2);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).isEqualTo("NO_SEATS");
        var after = api.flight(a);
        assertThat(after.path("availableSeats").asInt()).isEqualTo(before.path("availableSeats").asInt()).isEqualTo(6);
        assertThat(after.path("seatsHeld").asInt()).isEqualTo(4);
        assertThat(redis.opsForZSet().zCard(InventoryKeys.of(a).holds())).isEqualTo(1);
        assertThat(seatsInStatus(a, "PENDING")).isEqualTo(4);
    }

    @Test
    void holdsRedisRefusesToReleaseAreGivenBackOnceItAnswers() {
        // A claim that failed while Redis was out (its breaker still open) must not keep its seats
        // from buyers for the whole hold TTL (5 min): the release is retried in the background.
        String a = api.createFlight(10);
        String b = api.createFlight(10);
        String bookingId = "BK" + TestApi.randomText(16);
        var legs = List.of(new BookingLeg(a, 3), new BookingLeg(b, 2));
        holds.hold(bookingId, legs, null, id -> false);
        // The breakers of both legs' Redis (one on a single Redis; each leg's master's on a cluster).
        var breakers = Stream.of(a, b).map(flight -> guard.breakerFor(InventoryKeys.of(flight).inventory())).distinct().toList();
        breakers.forEach(CircuitBreaker::transitionToForcedOpenState);
        try {
            holds.release(bookingId, legs);

            assertThat(meters.get("booking.holds.release_retries").gauge().value()).isEqualTo(1);
            assertThat(redis.opsForHash().get(InventoryKeys.of(a).holdSeats(), bookingId)).isEqualTo("3");
        } finally {
            breakers.forEach(CircuitBreaker::transitionToClosedState);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(meters.get("booking.holds.release_retries").gauge().value()).isZero();
            assertThat(api.flight(a).path("availableSeats").asInt()).isEqualTo(10);
            assertThat(api.flight(b).path("availableSeats").asInt()).isEqualTo(10);
        });
    }

    /**
     * Two flight ids, with these prefixes, whose keys live in different thirds of the slots: on the
     * test cluster (embedded.redis-cluster, three masters with a third each) on different masters,
     * so a claim's legs are taken and given back on two Redis servers.
     */
    private static List<String> onDifferentMasters(String prefixA, String prefixB) {
        while (true) {
            String a = prefixA + TestApi.randomText(8);
            String b = prefixB + TestApi.randomText(8);
            if (third(a) != third(b)) {
                return List.of(a, b);
            }
        }
    }

    private static int third(String flightId) {
        return SlotHash.getSlot(InventoryKeys.of(flightId).inventory()) * 3 / SlotHash.SLOT_COUNT;
    }
}
