package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Holds of 2 s and authorizations 6 s after the claim (pm_sim_late), on a flight that departs 4 s
 * after it is created: the hold lapses, the flight leaves, then the payment comes. The seats are
 * free, but a seat on a plane that left is no seat: the authorization is voided, nothing is sold.
 */
@TestPropertySource(properties = {"booking.hold-ttl=2s", "booking.expiry-interval=1s", "simulator.late-delay=6s"})
class PaymentAfterDepartureTests extends IntegrationTest {

    @Test
    void aPaymentThatComesAfterDepartureBuysNothing() { // I4
        String flightId = TestApi.newFlightId();
        var departure = Instant.now().plus(Duration.ofSeconds(4)).truncatedTo(ChronoUnit.MILLIS);
        assertThat(api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",
                 "capacity":5,"price":10.00,"currency":"EUR"}""".formatted(flightId, departure)).status()).isEqualTo(201);
        // Claims close a hold's TTL before departure: this one comes within the 2 s left.
        var claim = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_sim_late", null);
        assertThat(claim.status()).isEqualTo(201);
        String bookingId = claim.body().path("bookingId").asString();
        String intentId = intentOf(bookingId);

        awaitPaymentStatus(bookingId, "canceled");

        assertThat(Instant.now()).isAfter(departure);
        assertThat(bookingStatus(bookingId)).isIn("TIMEOUT", "FAILED");
        assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isZero();
        assertThat(seatsSold(flightId)).isZero();
        api.flight(flightId); // a read purges the lapsed hold
        assertThat(redisCounts(flightId)).containsExactly(5, 0, 0);
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(events.size() - 1).path("cause").asString()).contains("departed");
    }
}
