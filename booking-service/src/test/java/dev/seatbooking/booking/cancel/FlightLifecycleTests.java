package dev.seatbooking.booking.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.inventory.InventoryKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Flights that take no more claims: departed, closed by an operator (bookings made stay and are
 * paid for), cancelled (every booking voided or refunded, once).
 */
class FlightLifecycleTests extends IntegrationTest {

    @Autowired
    FlightBookingCancellation flightBookings;

    @Test
    void aClosedFlightRefusesClaimsButKeepsTheBookingsMade() {
        String flightId = api.createFlight(10);
        String user = TestApi.newUserId();
        var keyedBefore = api.claim(user, flightId, 1, "key-before-close");
        // Authorized 3 s after the claim, after the close below.
        String paying = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null).body()
                .path("bookingId").asString();

        var closed = api.post("/v1/admin/flights/" + flightId + "/close", null, "");

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().path("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.body().path("onSale").asBoolean()).isFalse();
        assertThat(flightStatus(flightId)).isEqualTo("CLOSED");
        assertThat(redis.opsForHash().get(InventoryKeys.of(flightId).inventory(), "status")).isEqualTo("CLOSED");
        var refused = api.claim(TestApi.newUserId(), flightId, 1);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("FLIGHT_CLOSED");
        var keyed = api.claim(TestApi.newUserId(), flightId, 1, "key-after-close");
        assertThat(keyed.error()).isEqualTo("FLIGHT_CLOSED");
        // I7: a refusal records nothing, and the claim that won before the close keeps its answer.
        assertThat(api.claim(user, flightId, 1, "key-before-close").raw()).isEqualTo(keyedBefore.raw());
        // The booking made before the close is paid for and confirmed as usual.
        awaitStatus(paying, "CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        assertThat(redisCounts(flightId)).containsExactly(10, 2, 1);
        // Closing again changes nothing.
        var again = api.post("/v1/admin/flights/" + flightId + "/close", null, "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("status").asString()).isEqualTo("CLOSED");
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(7);
    }

    /** Claims close a hold's TTL (5 min here) before departure: no hold outlives its flight. */
    @Test
    void claimsCloseAHoldsLifeBeforeDeparture() {
        String flightId = TestApi.newFlightId();
        String soon = Instant.now().plus(Duration.ofMinutes(4)).truncatedTo(ChronoUnit.SECONDS).toString();
        api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":5,"price":10.00,"currency":"EUR"}""".formatted(flightId, soon));

        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("FLIGHT_CLOSED");
        assertThat(api.flight(flightId).path("onSale").asBoolean()).isFalse();
    }

    /**
     * A repair or load that read the database before a close committed, and writes to Redis after
     * the close got there, does not open the flight again: the status in Redis only goes forward.
     */
    @Test
    void aLateRepairNeverOpensAClosedFlightAgain() {
        String flightId = api.createFlight(5);
        api.post("/v1/admin/flights/" + flightId + "/close", null, "");
        // What the late repair would bring: the database as it was before the close.
        jdbc.sql("UPDATE flight SET status = 'OPEN' WHERE id = :id").param("id", flightId).update();

        api.post("/v1/admin/flights/" + flightId + "/reconcile", null, "");

        assertThat(redis.opsForHash().get(InventoryKeys.of(flightId).inventory(), "status")).isEqualTo("CLOSED");
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("FLIGHT_CLOSED");
    }

    @Test
    void aDepartedFlightRefusesClaims() {
        String flightId = TestApi.newFlightId();
        // A flight that left an hour ago may still be recorded (a late entry).
        String departed = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":5,"price":10.00,"currency":"EUR"}""".formatted(flightId, departed)).status()).isEqualTo(201);

        var keyless = api.claim(TestApi.newUserId(), flightId, 1);
        var keyed = api.claim(TestApi.newUserId(), flightId, 1, "departed-key");

        assertThat(keyless.status() + " " + keyless.error()).isEqualTo("409 FLIGHT_CLOSED");
        assertThat(keyed.status() + " " + keyed.error()).isEqualTo("409 FLIGHT_CLOSED");
        assertThat(api.flight(flightId).path("onSale").asBoolean()).isFalse();
        assertThat(api.flight(flightId).path("status").asString()).isEqualTo("OPEN");
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
    }

    @Test
    void aClaimOverSeveralFlightsIsRefusedWhenOneIsClosedAndHoldsNothing() { // I9
        String open = api.createFlight(5);
        String closed = api.createFlight(5);
        api.post("/v1/admin/flights/" + closed + "/close", null, "");

        var claim = api.claimLegs(TestApi.newUserId(), List.of(open, closed), 2);

        assertThat(claim.status() + " " + claim.error()).isEqualTo("409 FLIGHT_CLOSED");
        assertThat(claim.body().path("detail").asString()).contains(closed);
        assertThat(redisCounts(open)).containsExactly(5, 0, 0);
        assertThat(redisCounts(closed)).containsExactly(5, 0, 0);
    }

    @Test
    void cancellingAFlightVoidsOrRefundsEachBookingOnce() {
        String flightId = api.createFlight(10);
        String other = api.createFlight(10);
        String confirmed = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_card_visa", null).body()
                .path("bookingId").asString();
        awaitStatus(confirmed, "CONFIRMED");
        awaitPaymentStatus(confirmed, "captured");
        String held = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        String authorizedLate = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null).body()
                .path("bookingId").asString();
        String lateIntent = intentOf(authorizedLate); // started, so its cancel voids it
        String twoFlights = api.claimLegs(TestApi.newUserId(), List.of(flightId, other), 1).body()
                .path("bookingId").asString();
        String cancelledBefore = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        api.delete("/v1/bookings/" + cancelledBefore);
        String onlyOther = api.claim(TestApi.newUserId(), other, 1).body().path("bookingId").asString();

        var cancel = api.post("/v1/admin/flights/" + flightId + "/cancel", null, "");

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().path("bookingsCancelled").asInt()).isEqualTo(4);
        assertThat(cancel.body().path("bookingsLeft").asInt()).isZero();
        assertThat(cancel.body().path("flight").path("status").asString()).isEqualTo("CANCELLED");
        for (String id : List.of(confirmed, held, authorizedLate, twoFlights, cancelledBefore)) {
            assertThat(bookingStatus(id)).as(id).isEqualTo("CANCELLED");
        }
        assertThat(bookingStatus(onlyOther)).isEqualTo("PENDING");
        var events = api.get("/v1/bookings/" + confirmed + "/events").body();
        assertThat(events.get(events.size() - 1).path("cause").asString()).isEqualTo("flight " + flightId + " cancelled");
        // The paid booking is refunded once, the late authorization voided when it lands: no money kept.
        String paidIntent = intentOf(confirmed);
        await().atMost(Duration.ofSeconds(20)).until(() -> refundsOf(paidIntent) == 1);
        awaitPaymentStatus(authorizedLate, "canceled");
        assertThat(api.intentAtPsp(lateIntent).path("amount_received").asLong()).isZero();
        // Seats: none sold or held on the cancelled flight; the two-flight booking's other hold is back.
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(10, 0, 0);
        assertThat(redisCounts(other)).containsExactly(10, 0, 1);
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("FLIGHT_CLOSED");

        // Idempotent: a second cancel, or a close, changes nothing and refunds nothing more.
        var again = api.post("/v1/admin/flights/" + flightId + "/cancel", null, "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("bookingsCancelled").asInt()).isZero();
        assertThat(api.post("/v1/admin/flights/" + flightId + "/close", null, "").body().path("status").asString())
                .isEqualTo("CANCELLED");
        flightBookings.sweepCancelledFlights();
        assertThat(refundsOf(paidIntent)).isEqualTo(1);
        assertThat(api.get("/v1/bookings/" + confirmed + "/events").body()).hasSize(events.size());
    }

    /**
     * The window a cancel leaves: the flight's status is committed and in Redis, its bookings not yet
     * swept, and an authorization comes. Redis refuses the sale, the authorization is voided, and
     * the sweep has nothing left.
     */
    @Test
    void anAuthorizationForABookingNotYetSweptBuysNothing() {
        String flightId = api.createFlight(10);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 2, "pm_sim_late", null).body()
                .path("bookingId").asString();
        String intentId = intentOf(bookingId);
        jdbc.sql("UPDATE flight SET status = 'CANCELLED' WHERE id = :id").param("id", flightId).update();
        api.post("/v1/admin/flights/" + flightId + "/reconcile", null, "");
        assertThat(redis.opsForHash().get(InventoryKeys.of(flightId).inventory(), "status")).isEqualTo("CANCELLED");

        awaitPaymentStatus(bookingId, "canceled");

        assertThat(bookingStatus(bookingId)).isEqualTo("FAILED");
        assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
        assertThat(seatsSold(flightId)).isZero();
        flightBookings.sweepCancelledFlights();
        assertThat(bookingStatus(bookingId)).isEqualTo("FAILED");
        assertThat(redisCounts(flightId)).containsExactly(10, 0, 0);
    }

    /**
     * The database refuses a sale on a cancelled flight, even when Redis has not heard of the cancel.
     * The scheduled sweep of cancelled flights may cancel the booking before its late payment comes
     * (then it reads CANCELLED, just as safely): the scenario runs again until the payment came first,
     * and every run must end with nothing sold and no money taken.
     */
    @Test
    void theDatabaseRefusesASaleOnACancelledFlightThatRedisStillSells() {
        String refusedBy = null;
        for (int attempt = 1; attempt <= 5 && refusedBy == null; attempt++) {
            String flightId = api.createFlight(10);
            String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null).body()
                    .path("bookingId").asString();
            String intentId = intentOf(bookingId);
            jdbc.sql("UPDATE flight SET status = 'CANCELLED' WHERE id = :id").param("id", flightId).update();

            awaitPaymentStatus(bookingId, "canceled");

            String status = bookingStatus(bookingId);
            assertThat(status).isIn("FAILED", "CANCELLED");
            assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
            assertThat(seatsSold(flightId)).isZero();
            assertThat(redisCounts(flightId)[1]).isZero();
            if (status.equals("FAILED")) {
                refusedBy = bookingId;
            }
        }
        assertThat(refusedBy).as("a run in which the late payment came before the sweep").isNotNull();
    }

    /**
     * Buyers claim and pay on a flight while an operator cancels it. Whatever the interleaving, once
     * the sweep has run: nothing is sold or held on it, no booking on it is PENDING or CONFIRMED, and
     * no money is kept (every payment captured is refunded once, every authorization voided).
     */
    @Test
    void claimsAndPaymentsRacingACancelSellNothing() throws Exception {
        String flightId = api.createFlight(40);
        List<String> bookings = Collections.synchronizedList(new ArrayList<>());
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                running.add(pool.submit(() -> {
                    start.await();
                    var claim = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_visa", null);
                    assertThat(claim.status() + " " + claim.error()).isIn("201 ", "409 FLIGHT_CLOSED", "409 NO_SEATS");
                    if (claim.status() == 201) {
                        bookings.add(claim.body().path("bookingId").asString());
                    }
                    return null;
                }));
            }
            running.add(pool.submit(() -> {
                start.await();
                Thread.sleep(30);
                assertThat(api.post("/v1/admin/flights/" + flightId + "/cancel", null, "").status()).isEqualTo(200);
                return null;
            }));
            start.countDown();
            for (var future : running) {
                future.get();
            }
        }
        flightBookings.sweepCancelledFlights();
        System.out.printf("Claims racing the cancel of %s: %d of 60 booked before it%n", flightId, bookings.size());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> bookings.stream()
                .noneMatch(id -> List.of("PENDING", "CONFIRMED").contains(bookingStatus(id)))
                && bookings.stream().allMatch(this::noMoneyKept));
        assertThat(seatsSold(flightId)).isZero();
        assertThat(redisCounts(flightId)).containsExactly(40, 0, 0);
        assertThat(api.claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("FLIGHT_CLOSED");
    }

    /** The booking's payment, if it started: nothing captured without one refund, no authorization open. */
    private boolean noMoneyKept(String bookingId) {
        String intentId = jdbc.sql("SELECT payment_intent_id FROM booking WHERE id = :id").param("id", bookingId)
                .query(String.class).optional().orElse(null);
        if (intentId == null) {
            return true;
        }
        var intent = api.intentAtPsp(intentId);
        return switch (intent.path("status").asString()) {
            case "succeeded" -> refundsOf(intentId) == 1;
            case "requires_capture", "processing" -> false;
            default -> true;
        };
    }

    private String flightStatus(String flightId) {
        return jdbc.sql("SELECT status FROM flight WHERE id = :id").param("id", flightId).query(String.class).single();
    }
}
