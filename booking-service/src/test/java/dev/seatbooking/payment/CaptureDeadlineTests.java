package dev.seatbooking.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The adapter never captures an authorization past payment.capture-deadline (6 days by default,
 * under Stripe's 7 for cards): it voids it instead. Driven against the in-process simulator, with a
 * clock that has moved on past the deadline.
 */
class CaptureDeadlineTests extends IntegrationTest {

    @Autowired
    private PaymentProperties properties;

    @Test
    void authorizationPastTheDeadlineIsVoidedNotCaptured() {
        var sixDaysOn = gatewayAt(Clock.offset(Clock.systemUTC(), properties.captureDeadline().plusMinutes(1)));
        var authorized = sixDaysOn.start(request());
        assertThat(authorized.outcome()).isEqualTo(PaymentOutcome.AUTHORIZED);

        assertThat(sixDaysOn.capture(authorized.intentId(), "BKDEADLINE")).isEqualTo(CaptureResult.EXPIRED);

        var intent = api.intentAtPsp(authorized.intentId());
        assertThat(intent.path("status").asString()).isEqualTo("canceled");
        assertThat(intent.path("amount_received").asLong()).isZero();
        // Asked again (a retry after a lost answer), it is still not captured.
        assertThat(sixDaysOn.capture(authorized.intentId(), "BKDEADLINE")).isEqualTo(CaptureResult.REFUSED);
    }

    @Test
    void authorizationWithinTheDeadlineIsCapturedOnce() {
        var gateway = gatewayAt(Clock.offset(Clock.systemUTC(), properties.captureDeadline().minusMinutes(1)));
        var authorized = gateway.start(request());

        assertThat(gateway.capture(authorized.intentId(), "BKDEADLINE")).isEqualTo(CaptureResult.CAPTURED);
        assertThat(gateway.capture(authorized.intentId(), "BKDEADLINE")).isEqualTo(CaptureResult.CAPTURED);

        var intent = api.intentAtPsp(authorized.intentId());
        assertThat(intent.path("status").asString()).isEqualTo("succeeded");
        assertThat(intent.path("amount_received").asLong()).isEqualTo(4200);
    }

    private StripePaymentGateway gatewayAt(Clock clock) {
        return new StripePaymentGateway(environment, properties, CircuitBreakerRegistry.ofDefaults(), clock);
    }

    private static PaymentRequest request() {
        return new PaymentRequest("BK" + TestApi.randomText(16).toUpperCase(), "FLDEADLINE", new BigDecimal("42.00"), "EUR", "pm_card_visa",
                Map.of());
    }
}
