package dev.seatbooking.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A seat freed on one instance is claimable through every instance at once, not only once their
 * memory of the full flight lapses: the release reaches them (Redis pub/sub), and the instance that
 * made it forgets before it answers. The instances remember for 1 s, far longer than a release
 * takes to arrive, so a pass here is the release's doing and not the bound's.
 */
class FullFlightReleaseTests extends IntegrationTest {

    @Test
    void aCancelFreesTheSeatOnEveryInstance() {
        try (var first = instance(); var second = instance()) {
            String flightId = api.createFlight(1);
            String holder = holdTheSeatAndRememberFull(flightId, first, second);
            var askedSecond = memoryOf(second).asking(flightId);

            assertThat(new TestApi(portOf(first)).delete("/v1/bookings/" + holder).status()).isEqualTo(200);

            assertThat(memoryOf(first).refuses(flightId, 1)).as("the instance that released").isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> heardSince(second, flightId, askedSecond));
            assertThat(memoryOf(second).refuses(flightId, 1)).isFalse();
            assertThat(new TestApi(portOf(second)).claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(201);
        }
    }

    @Test
    void aFailedPaymentFreesTheSeatOnEveryInstance() {
        try (var first = instance(); var second = instance()) {
            String flightId = api.createFlight(1);
            String holder = holdTheSeatAndRememberFull(flightId, first, second);
            var askedFirst = memoryOf(first).asking(flightId);
            var askedSecond = memoryOf(second).asking(flightId);

            // The PSP's failure reaches this test's own instance, which releases the hold.
            deliverSigned(ownPaymentEvent("payment_intent.payment_failed", "evt_" + holder, holder));

            awaitStatus(holder, "FAILED");
            await().atMost(Duration.ofSeconds(10)).until(() -> heardSince(first, flightId, askedFirst)
                    && heardSince(second, flightId, askedSecond));
            assertThat(memoryOf(first).refuses(flightId, 1)).isFalse();
            assertThat(memoryOf(second).refuses(flightId, 1)).isFalse();
            assertThat(new TestApi(portOf(first)).claim(TestApi.newUserId(), flightId, 1).status()).isEqualTo(201);
            assertThat(new TestApi(portOf(second)).claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
        }
    }

    /** Holds the flight's one seat through {@code first}; both instances then remember the flight as full. */
    private static String holdTheSeatAndRememberFull(String flightId, ConfigurableApplicationContext first,
            ConfigurableApplicationContext second) {
        String holder = new TestApi(portOf(first)).claim(TestApi.newUserId(), flightId, 1).body().path("bookingId")
                .asString();
        rememberFull(flightId, first);
        rememberFull(flightId, second);
        return holder;
    }

    /** A claim refused through this instance, which then refuses from memory. */
    private static void rememberFull(String flightId, ConfigurableApplicationContext instance) {
        assertThat(new TestApi(portOf(instance)).claim(TestApi.newUserId(), flightId, 1).error()).isEqualTo("NO_SEATS");
        assertThat(memoryOf(instance).refuses(flightId, 1)).isTrue();
    }

    /** Whether the instance has seen a release of the flight since it was asked about: the announcement, not the clock. */
    private static boolean heardSince(ConfigurableApplicationContext instance, String flightId, FullFlights.Asked asked) {
        return memoryOf(instance).asking(flightId).releasesSeen() > asked.releasesSeen();
    }

    private static FullFlights memoryOf(ConfigurableApplicationContext instance) {
        return instance.getBean(FullFlights.class);
    }

    private ConfigurableApplicationContext instance() {
        return startAnotherInstance("--inventory.full-flight-memory=1s");
    }
}
