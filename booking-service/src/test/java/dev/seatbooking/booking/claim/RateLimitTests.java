package dev.seatbooking.booking.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import org.junit.jupiter.api.Test;

/**
 * Claims per user and per client address are limited across instances: two instances on one Redis
 * draw from the same buckets, refuse with 429 RATE_LIMITED and a Retry-After, and take claims
 * again once the window has refilled.
 */
class RateLimitTests extends IntegrationTest {

    @Test
    void twoInstancesShareOneLimitPerUserAndPerAddressAndRecoverAfterTheWindow() throws Exception {
        // Buckets refill greedily: over a 30 s window the address gains a claim every 5 s and the
        // user one every 10 s, so the seven claims below run well inside one refill even on a slow
        // machine (with a 4 s window the address had refilled a claim before the seventh, once).
        String[] limits = {"--booking.rate-limit.per-user=3", "--booking.rate-limit.per-ip=6",
                "--booking.rate-limit.per-ip-enabled=true", "--booking.rate-limit.window=30s"};
        try (var first = startAnotherInstance(limits); var second = startAnotherInstance(limits)) {
            var a = new TestApi(portOf(first));
            var b = new TestApi(portOf(second));
            String flightId = api.createFlight(50);
            String user = TestApi.newUserId();

            for (int i = 0; i < 3; i++) {
                assertThat(a.claim(user, flightId, 1).status()).isEqualTo(201);
            }
            var refused = b.claim(user, flightId, 1);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.error()).isEqualTo("RATE_LIMITED");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 10);

            // Other users from the same address, up to its limit of 6 claims.
            assertThat(b.claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(201);
            assertThat(b.claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(201);
            assertThat(a.claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(201);
            var addressRefused = b.claim(TestApi.newUserId(), flightId, 1);
            assertThat(addressRefused.status()).isEqualTo(429);
            assertThat(addressRefused.header("Retry-After")).isNotBlank();

            // Nothing was claimed for the refused ones: 6 seats held.
            assertThat(redisCounts(flightId)).containsExactly(50, 0, 6);

            Thread.sleep(Integer.parseInt(refused.header("Retry-After")) * 1000L + 500);
            assertThat(a.claim(user, flightId, 1).status()).isEqualTo(201);
        }
    }
}
