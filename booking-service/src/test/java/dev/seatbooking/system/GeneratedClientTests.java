package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import dev.seatbooking.client.ApiClient;
import dev.seatbooking.client.ApiException;
import dev.seatbooking.client.api.BookingsApi;
import dev.seatbooking.client.api.FlightsApi;
import dev.seatbooking.client.model.BookingView;
import dev.seatbooking.client.model.CreateBooking;
import dev.seatbooking.client.model.CreateFlight;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java client a user generates from docs/openapi.json (openapi-generator, built by Maven before
 * the tests) books, reads, lists and cancels a booking, and gets the API's problem details.
 */
class GeneratedClientTests extends IntegrationTest {

    @Test
    void aGeneratedClientBooksReadsAndCancels() throws ApiException {
        String flightId = TestApi.newFlightId();
        var admin = new FlightsApi(client(TestApi.token("ops", List.of("admin"), java.time.Duration.ofHours(1))));
        var created = admin.createFlight(new CreateFlight().flightId(flightId).origin("FRA").destination("LIS")
                .departureTime(OffsetDateTime.now(ZoneOffset.UTC).plusDays(60).truncatedTo(ChronoUnit.MINUTES))
                .capacity(2).price(new BigDecimal("89.00")).currency("EUR"));
        assertThat(created.getAvailableSeats()).isEqualTo(2);

        String user = TestApi.newUserId();
        var buyer = new BookingsApi(client(TestApi.userToken(user)));
        BookingView booking = buyer.claimSeats(new CreateBooking().flightIdentifier(flightId).seats(2)
                .paymentMethod(TestApi.HOLD_ONLY), "client-" + TestApi.randomText(12));
        assertThat(booking.getStatus()).isEqualTo(BookingView.StatusEnum.PENDING);
        assertThat(booking.getTotalPrice()).isEqualByComparingTo("178.00");
        assertThat(buyer.getBooking(booking.getBookingId()).getUserId()).isEqualTo(user);
        assertThat(buyer.listMyBookings(0, 10).getBookings()).extracting(BookingView::getBookingId)
                .containsExactly(booking.getBookingId());
        assertThat(new FlightsApi(client(null)).getFlight(flightId).getSeatsHeld()).isEqualTo(2);

        // An API error reaches the client as its problem details, with the stable code.
        var soldOut = catchThrowableOfType(ApiException.class, () -> new BookingsApi(client(TestApi.userToken(
                TestApi.newUserId()))).claimSeats(new CreateBooking().flightIdentifier(flightId).seats(1), null));
        assertThat(soldOut.getCode()).isEqualTo(409);
        assertThat(soldOut.getResponseBody()).contains("\"error\":\"NO_SEATS\"");

        var cancelled = buyer.cancelBooking(booking.getBookingId());
        assertThat(cancelled.getStatus()).isEqualTo(BookingView.StatusEnum.CANCELLED);
        assertThat(buyer.getBookingEvents(booking.getBookingId())).hasSize(2);
        assertThat(new FlightsApi(client(null)).getFlight(flightId).getAvailableSeats()).isEqualTo(2);
    }

    private ApiClient client(String token) {
        var client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }
}
