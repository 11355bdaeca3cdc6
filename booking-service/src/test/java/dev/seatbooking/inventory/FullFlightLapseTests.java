package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.system.RedisGuard;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * When the memory of a full flight lapses, the first claim to see it reads the flight's counts
 * (one read, no claim, no turn to wait for): still full, it is refused and the memory is fresh
 * again; seats free (a hold lapsed, purged by the read), it goes on to claim. On a real Redis, with
 * the memory's clock in the test's hands.
 */
@SuppressWarnings("rawtypes")
class FullFlightLapseTests extends IntegrationTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    @Autowired
    RedisGuard guard;
    @Autowired
    InventoryRebuilder rebuilder;
    @Autowired
    InventoryMetrics metrics;
    @Autowired
    @Qualifier("claimSeatsScript")
    RedisScript<List> claimSeats;
    @Autowired
    @Qualifier("confirmSeatsScript")
    RedisScript<List> confirmSeats;
    @Autowired
    @Qualifier("releaseClaimScript")
    RedisScript<List> releaseClaim;
    @Autowired
    @Qualifier("readInventoryScript")
    RedisScript<List> readInventory;
    @Autowired
    @Qualifier("releaseSaleScript")
    RedisScript<List> releaseSale;

    private final AtomicLong clock = new AtomicLong();
    private FullFlights memory;
    private SeatInventory inventory;

    @BeforeEach
    void inventoryWithItsOwnMemory() {
        memory = new FullFlights(Duration.ofMillis(200), Duration.ofMillis(50), clock::get);
        inventory = new SeatInventory(redis, guard, rebuilder, metrics, memory, claimSeats, confirmSeats, releaseClaim,
                readInventory, releaseSale);
    }

    @Test
    void stillFullWhenItLapsesTheReadRefusesAndRemembersAgain() {
        String flightId = api.createFlight(1);
        assertThat(inventory.claim(flightId, "BKLAPSE001", 1, LONG).result()).isEqualTo(ClaimResult.HELD);
        assertThat(inventory.claim(flightId, "BKLAPSE002", 1, LONG).result()).isEqualTo(ClaimResult.NO_SEATS);
        assertThat(inventory.refusesFromMemory(flightId, 1)).isTrue();

        clock.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(inventory.refusesFromMemory(flightId, 1)).as("lapsed, and refused by the read").isTrue();

        assertThat(memory.askingHere(flightId)).isFalse();
        assertThat(memory.refuses(flightId, 1)).as("remembered from the read").isTrue();
        assertThat(memory.refuses(flightId, 0)).as("with the seats it found free").isFalse();
        assertThat(redisCounts(flightId)).as("capacity, sold, held").containsExactly(1, 0, 1);
    }

    @Test
    void aHoldThatLapsedMeanwhileIsPurgedByTheReadAndTheClaimGoesAhead() {
        String flightId = api.createFlight(1);
        var brief = inventory.claim(flightId, "BKLAPSE003", 1, Duration.ofMillis(100));
        assertThat(brief.result()).isEqualTo(ClaimResult.HELD);
        assertThat(inventory.claim(flightId, "BKLAPSE004", 1, LONG).result()).isEqualTo(ClaimResult.NO_SEATS);
        awaitRedisTimePast(brief.expiresAt());
        clock.addAndGet(Duration.ofMillis(200).toNanos());

        assertThat(inventory.refusesFromMemory(flightId, 1)).isFalse();

        assertThat(memory.askingHere(flightId)).isFalse();
        assertThat(redisCounts(flightId)).as("the lapsed hold purged").containsExactly(1, 0, 0);
        assertThat(inventory.claim(flightId, "BKLAPSE005", 1, LONG).result()).isEqualTo(ClaimResult.HELD);
    }
}
