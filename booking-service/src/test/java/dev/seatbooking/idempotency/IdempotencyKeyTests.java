package dev.seatbooking.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class IdempotencyKeyTests extends IntegrationTest { // I7

    @Test
    void sameKeyAndSameRequestGetsTheSameAnswer() {
        String flightId = api.createFlight(10);
        String user = TestApi.newUserId();
        var first = api.claim(user, flightId, 2, "trip-1");
        // The same parsed JSON, written differently.
        var repeat = api.postAs(TestApi.userToken(user), "/v1/bookings", "trip-1",
                "{ \"paymentMethod\": \"pm_sim_never\", \"seats\": 2, \"flightIdentifier\": \"%s\",  \"userId\": \"%s\" }"
                        .formatted(flightId, user));

        assertThat(first.status()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.raw()).isEqualTo(first.raw());
        assertThat(bookingsOf(user)).isEqualTo(1);
        assertThat(redisCounts(flightId)[2]).isEqualTo(2);
    }

    @Test
    void sameKeyForAnotherRequestIsRefused() {
        String flightId = api.createFlight(10);
        String user = TestApi.newUserId();
        assertThat(api.claim(user, flightId, 2, "trip-2").status()).isEqualTo(201);

        var other = api.claim(user, flightId, 3, "trip-2");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.error()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(bookingsOf(user)).isEqualTo(1);
        assertThat(redisCounts(flightId)[2]).isEqualTo(2);
    }

    @Test
    void keysAreScopedToTheCaller() {
        String flightId = api.createFlight(10);
        var first = api.claim(TestApi.newUserId(), flightId, 1, "shared-key");
        var second = api.claim(TestApi.newUserId(), flightId, 1, "shared-key");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().path("bookingId").asString()).isNotEqualTo(first.body().path("bookingId").asString());
    }

    @Test
    void anOperatorsKeyIsTheOperatorsNotTheCustomersItBooksFor() {
        String flightId = api.createFlight(10);
        String customer = TestApi.newUserId();
        String body = TestApi.claimBody(customer, flightId, 1, TestApi.HOLD_ONLY);
        // An operator books for the customer under a key (api.post sends an admin's token).
        String key = "trip-" + TestApi.randomText(8);
        var byOperator = api.post("/v1/bookings", key, body);
        // The customer's own use of that key, for the same trip and for another, is the customer's own key.
        var sameTrip = api.postAs(TestApi.userToken(customer), "/v1/bookings", key, body);
        var otherTrip = api.postAs(TestApi.userToken(customer), "/v1/bookings", key,
                TestApi.claimBody(customer, flightId, 2, TestApi.HOLD_ONLY));

        assertThat(byOperator.status()).isEqualTo(201);
        assertThat(sameTrip.status()).isEqualTo(201);
        assertThat(sameTrip.body().path("bookingId").asString()).isNotEqualTo(byOperator.body().path("bookingId").asString());
        assertThat(otherTrip.status()).isEqualTo(422);
        assertThat(otherTrip.error()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(bookingsOf(customer)).isEqualTo(2);
    }

    @Test
    void sameKeyWhileTheFirstRunsIsRefusedAsInProgress() {
        String flightId = api.createFlight(10);
        String user = TestApi.newUserId();
        var request = TestApi.claimBody(user, flightId, 1, TestApi.HOLD_ONLY);
        // The marker a first request that started a moment ago holds: its token and when it started.
        String marker = IdempotencyKeys.markerKey(new IdempotencyScope(user, "trip-3", "ignored"), flightId);
        redis.opsForValue().set(marker, "first-token:" + System.currentTimeMillis(), Duration.ofHours(24));
        try {
            var second = api.postAs(TestApi.userToken(user), "/v1/bookings", "trip-3", request);

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.error()).isEqualTo("REQUEST_IN_PROGRESS");
            assertThat(bookingsOf(user)).isZero();
        } finally {
            redis.delete(marker);
        }
        assertThat(api.postAs(TestApi.userToken(user), "/v1/bookings", "trip-3", request).status()).isEqualTo(201);
    }

    @Test
    void refusedRequestRecordsNothingAndMayBeRetriedUnderTheSameKey() {
        String flightId = api.createFlight(1);
        String blocker = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        String user = TestApi.newUserId();

        var refused = api.claim(user, flightId, 1, "trip-4");
        assertThat(refused.error()).isEqualTo("NO_SEATS");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotency_key WHERE caller = :user").param("user", user)
                .query(Integer.class).single()).isZero();
        // The claim script sets the marker only with a hold: a refusal leaves none behind.
        assertThat(redis.hasKey(IdempotencyKeys.markerKey(new IdempotencyScope(user, "trip-4", "ignored"), flightId)))
                .isFalse();

        api.delete("/v1/bookings/" + blocker);
        var retried = api.claim(user, flightId, 1, "trip-4");
        assertThat(retried.status()).isEqualTo(201);
    }

    @Test
    void multiLegClaimRefusedOnALaterLegLeavesNoMarker() {
        // Legs are claimed in flight-id order: the later one is sold out, so the first is taken, then released.
        var legs = Stream.of(api.createFlight(5), api.createFlight(5)).sorted().toList();
        String first = legs.get(0);
        String second = legs.get(1);
        api.claim(TestApi.newUserId(), second, 5);
        String user = TestApi.newUserId();
        String body = "{\"userId\":\"%s\",\"flightIds\":[\"%s\",\"%s\"],\"seats\":1}".formatted(user, first, second);

        var refused = api.postAs(TestApi.userToken(user), "/v1/bookings", "trip-legs", body);
        // Retried at once under the same key: refused for the seats again, not as in progress.
        var retried = api.postAs(TestApi.userToken(user), "/v1/bookings", "trip-legs", body);

        assertThat(refused.error()).isEqualTo("NO_SEATS");
        assertThat(retried.error()).isEqualTo("NO_SEATS");
        var scope = new IdempotencyScope(user, "trip-legs", "ignored");
        assertThat(redis.hasKey(IdempotencyKeys.markerKey(scope, first))).isFalse();
        assertThat(redis.hasKey(IdempotencyKeys.markerKey(scope, second))).isFalse();
        assertThat(redisCounts(first)[2]).isZero();
    }

    @Test
    void fiftyConcurrentRequestsWithOneKeyMakeOneBooking() throws Exception {
        String flightId = api.createFlight(100);
        String user = TestApi.newUserId();
        var start = new CountDownLatch(1);
        List<Future<dev.seatbooking.TestApi.Response>> calls = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return api.claim(user, flightId, 2, "flash-key");
                }));
            }
            start.countDown();
            List<String> bookingIds = new ArrayList<>();
            for (var call : calls) {
                var response = call.get();
                if (response.status() == 201) {
                    bookingIds.add(response.body().path("bookingId").asString());
                } else {
                    assertThat(response.status()).isEqualTo(409);
                    assertThat(response.error()).isEqualTo("REQUEST_IN_PROGRESS");
                }
            }
            assertThat(bookingIds).isNotEmpty();
            assertThat(bookingIds).containsOnly(bookingIds.getFirst());
        }
        assertThat(bookingsOf(user)).isEqualTo(1);
        assertThat(redisCounts(flightId)[2]).isEqualTo(2);
    }

    @Test
    void requestWithoutKeyIsNotDeduplicated() {
        String flightId = api.createFlight(10);
        String user = TestApi.newUserId();
        assertThat(api.claim(user, flightId, 1).status()).isEqualTo(201);
        assertThat(api.claim(user, flightId, 1).status()).isEqualTo(201);
        assertThat(bookingsOf(user)).isEqualTo(2);
    }

    @Autowired
    IdempotencyKeys keys;

    @Test
    void requestThatOutlivedItsMarkerDoesNotRemoveTheNextOnesMarker() {
        var late = new IdempotencyScope("user-late", "trip-5", "hash", "token-of-the-first");
        var next = new IdempotencyScope("user-late", "trip-5", "hash", "token-of-the-second");
        String markerKey = IdempotencyKeys.markerKey(next, "FLLATE");
        assertThat(IdempotencyKeys.markerKey(late, "FLLATE")).isEqualTo(markerKey);
        String nextsMarker = next.token() + ":" + System.currentTimeMillis();
        redis.opsForValue().set(markerKey, nextsMarker, Duration.ofSeconds(30));

        keys.endMarker(markerKey, late.token());

        assertThat(redis.opsForValue().get(markerKey)).isEqualTo(nextsMarker);
        keys.endMarker(markerKey, next.token());
        assertThat(redis.hasKey(markerKey)).isFalse();
    }

    private int bookingsOf(String user) {
        return jdbc.sql("SELECT COUNT(*) FROM booking WHERE user_id = :user").param("user", user)
                .query(Integer.class).single();
    }
}
