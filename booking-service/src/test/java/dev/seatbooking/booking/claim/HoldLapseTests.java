package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.InventoryKeys;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Holds of 2 s and no expiry job in this context: only the scripts themselves free the seats. */
@TestPropertySource(properties = {"booking.hold-ttl=2s", "booking.expiry-job-enabled=false",
        "booking.sweep-interval=1h"})
class HoldLapseTests extends IntegrationTest {

    @Test
    void lapsedHoldFreesSeatsWithoutAnyJob() throws Exception { // I8
        String flightId = api.createFlight(2);
        var first = api.claim(TestApi.newUserId(), flightId, 2);
        assertThat(first.status()).isEqualTo(201);
        var expiresAt = Instant.parse(first.body().path("holdExpiresAt").asString());
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");

        awaitRedisTimePast(expiresAt);

        // No job ran: the booking is still PENDING and its lapsed hold is still in Redis ...
        assertThat(bookingStatus(first.body().path("bookingId").asString())).isEqualTo("PENDING");
        assertThat(redis.opsForZSet().zCard(InventoryKeys.of(flightId).holds())).isEqualTo(1);
        // ... yet the next claim purges it and gets the seats.
        var next = api.claim(TestApi.newUserId(), flightId, 2);
        assertThat(next.status()).isEqualTo(201);
        assertThat(redisCounts(flightId)).containsExactly(2, 0, 2);
    }

    @Test
    void holdExpiryIsRedisTimePlusTtl() {
        String flightId = api.createFlight(5);
        long before = redisNow().toEpochMilli();
        var response = api.claim(TestApi.newUserId(), flightId, 1);
        long after = redisNow().toEpochMilli();

        long expiresAt = Instant.parse(response.body().path("holdExpiresAt").asString()).toEpochMilli();
        assertThat(expiresAt).isBetween(before + 2000, after + 2000);
        var score = redis.opsForZSet().score(InventoryKeys.of(flightId).holds(), response.body().path("bookingId").asString());
        assertThat(score.longValue()).isEqualTo(expiresAt);
        var recorded = jdbc.sql("SELECT hold_expires_at FROM booking WHERE id = :id")
                .param("id", response.body().path("bookingId").asString())
                .query(Timestamp.class).single().toInstant().toEpochMilli();
        assertThat(recorded).isEqualTo(expiresAt);
    }
}
