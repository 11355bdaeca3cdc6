package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import org.junit.jupiter.api.Test;

class InventoryAdminTests extends IntegrationTest {

    @Test
    void showsRedisNextToTheDatabaseAndRepairsDriftOnDemand() {
        String flightId = api.createFlight(5);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 2).body().path("bookingId").asString();
        api.claim(TestApi.newUserId(), flightId, 1);

        var agreeing = api.get("/v1/admin/flights/" + flightId + "/inventory").body();
        assertThat(agreeing.path("redis").path("held").asInt()).isEqualTo(3);
        assertThat(agreeing.path("redis").path("available").asInt()).isEqualTo(2);
        assertThat(agreeing.path("database").path("pendingSeats").asInt()).isEqualTo(3);
        assertThat(agreeing.path("database").path("capacity").asInt()).isEqualTo(5);
        assertThat(agreeing.path("agree").asBoolean()).isTrue();

        // A cancel whose Redis step never ran: the database frees 2 seats Redis still holds.
        jdbc.sql("UPDATE booking SET status = 'CANCELLED' WHERE id = :id").param("id", bookingId).update();
        var drifting = api.get("/v1/admin/flights/" + flightId + "/inventory").body();
        assertThat(drifting.path("drift").path("held").asInt()).isEqualTo(2);
        assertThat(drifting.path("agree").asBoolean()).isFalse();

        var repair = api.post("/v1/admin/flights/" + flightId + "/reconcile", null, "");
        assertThat(repair.status()).isEqualTo(200);
        assertThat(repair.body().path("repaired").path("hold_removed").asInt()).isEqualTo(1);
        assertThat(repair.body().path("after").path("agree").asBoolean()).isTrue();
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 1);
    }

    @Test
    void unknownOrMalformedFlightsAreProblems() {
        var unknown = api.get("/v1/admin/flights/NOSUCH" + TestApi.randomText(4) + "/inventory");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("FLIGHT_NOT_FOUND");
        var malformed = api.post("/v1/admin/flights/bad-id/reconcile", null, "");
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.error()).isEqualTo("VALIDATION_FAILED");
    }
}
