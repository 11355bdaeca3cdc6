package dev.seatbooking.booking.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Refunds to their end: the booking follows each refund of its own payment as the PSP reports it
 * (refund.created, refund.updated, refund.failed), and operators refund part of a payment with
 * {@code POST /v1/admin/bookings/{id}/refunds}: money only, the seats stay sold.
 */
class RefundLifecycleTests extends IntegrationTest {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void partialRefundThenTheRestGiveBackExactlyWhatWasPaid() {
        String flightId = api.createFlight(5); // 120.50 EUR a seat
        String bookingId = capturedBooking(flightId, 2); // 241.00 EUR
        String intentId = intentOf(bookingId);

        var partial = refund(bookingId, "key-" + bookingId, "40.25", "seat without a window");

        assertThat(partial.status()).isEqualTo(201);
        assertThat(partial.body().path("refundId").asString()).startsWith("re_");
        assertThat(partial.body().path("amount").decimalValue()).isEqualByComparingTo("40.25");
        assertThat(partial.body().path("remaining").decimalValue()).isEqualByComparingTo("200.75");
        assertThat(partial.body().path("paymentStatus").asString()).isEqualTo("partially_refunded");
        // Money only: the seats stay sold and the booking CONFIRMED.
        assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
        assertThat(seatsSold(flightId)).isEqualTo(2);
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(events.size() - 1).path("cause").asString()).contains("admin: refund re_")
                .contains("seat without a window");

        // The PSP's events come in any order: a late "pending" copy of the refund does not undo its success.
        String refundId = partial.body().path("refundId").asString();
        assertThat(deliverSigned(refundEvent("refund.created", refundId, intentId, bookingId, 4025, "pending"))
                .status()).isEqualTo(200);
        assertThat(paymentStatus(bookingId)).isEqualTo("partially_refunded");

        // The same request again refunds nothing more; the same key for another amount is refused.
        var again = refund(bookingId, "key-" + bookingId, "40.25", "seat without a window");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("refundId").asString()).isEqualTo(partial.body().path("refundId").asString());
        assertThat(refund(bookingId, "key-" + bookingId, "10.00", "other").error()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        // More than remains is refused, and refunds nothing.
        var tooMuch = refund(bookingId, "more-" + bookingId, "200.76", "too much");
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.error()).isEqualTo("REFUND_EXCEEDS_REMAINING");
        assertThat(refundsOf(intentId)).isEqualTo(1);

        // Cancelling the booking refunds the rest: the refunds add up to what was paid, to the cent.
        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "refunded".equals(paymentStatus(bookingId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> refundsOf(intentId) == 2);
        long refunded = 0;
        for (var refund : api.ledger().path("refunds")) {
            if (intentId.equals(refund.path("payment_intent").asString())) {
                refunded += refund.path("amount").asLong();
            }
        }
        assertThat(refunded).isEqualTo(24100);
        assertThat(api.intentAtPsp(intentId).path("amount_received").asLong()).isEqualTo(24100);
        assertThat(refund(bookingId, "last-" + bookingId, "0.01", "nothing left").error())
                .isEqualTo("REFUND_EXCEEDS_REMAINING");
    }

    @Test
    void aRetryOfARecordedRefundIsAnsweredFromTheRecordWhileThePspIsUnreachable() {
        String flightId = api.createFlight(5);
        String bookingId = capturedBooking(flightId, 1);
        var first = refund(bookingId, "retry-" + bookingId, "20.50", "late departure");
        assertThat(first.status()).isEqualTo(201);

        var psp = breakers.circuitBreaker("psp");
        psp.transitionToForcedOpenState();
        try {
            var again = refund(bookingId, "retry-" + bookingId, "20.50", "late departure");
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body().path("refundId").asString()).isEqualTo(first.body().path("refundId").asString());
            assertThat(again.body().path("remaining").decimalValue()).isEqualByComparingTo("100.00");
            // The same key for another refund is refused from the record too.
            assertThat(refund(bookingId, "retry-" + bookingId, "20.00", "late departure").error())
                    .isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(refund(bookingId, "retry-" + bookingId, "20.50", "another reason").error())
                    .isEqualTo("IDEMPOTENCY_KEY_REUSED");
            // A new refund needs the PSP.
            assertThat(refund(bookingId, "new-" + bookingId, "1.00", "late departure").error())
                    .isEqualTo("PAYMENT_PROVIDER_UNAVAILABLE");
        } finally {
            psp.transitionToClosedState();
        }
        assertThat(refundsOf(intentOf(bookingId))).isEqualTo(1);
    }

    @Test
    void failedRefundLeavesTheBookingRefundFailedAndCountsForTheAlert() {
        double failedBefore = failedRefunds();
        String flightId = api.createFlight(5);
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, 1, "pm_card_refundFail", null)
                .body().path("bookingId").asString();
        awaitPaymentStatus(bookingId, "captured");

        assertThat(api.delete("/v1/bookings/" + bookingId).status()).isEqualTo(200);

        awaitPaymentStatus(bookingId, "refund_failed");
        assertThat(bookingStatus(bookingId)).isEqualTo("CANCELLED");
        var events = api.get("/v1/bookings/" + bookingId + "/events").body();
        assertThat(events.get(events.size() - 1).path("cause").asString()).contains("failed")
                .contains("an operator must refund it anew");
        await().atMost(Duration.ofSeconds(10)).until(() -> failedRefunds() == failedBefore + 1);
        // Both of the refund's events (refund.updated, refund.failed) tell of one failure: counted once.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> failedRefunds() == failedBefore + 1);
        // The money is refundable again: an operator can refund all of it anew.
        var anew = refund(bookingId, "anew-" + bookingId, "120.50", "refund failed, refunded anew");
        assertThat(anew.status()).isEqualTo(201);
        assertThat(anew.body().path("amount").decimalValue()).isEqualByComparingTo("120.50");
    }

    @Test
    void refundsAskedWronglyAreRefusedWithAClearError() {
        String flightId = api.createFlight(5);
        String pending = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        assertThat(refund(pending, "k1", "1.00", "nothing taken").error()).isEqualTo("NOTHING_TO_REFUND");
        assertThat(refund("BKUNKNOWN000000000", "k2", "1.00", "x").error())
                .isEqualTo("BOOKING_NOT_FOUND");

        String bookingId = capturedBooking(flightId, 1);
        assertThat(refund(bookingId, "k3", "0.00", "zero").error()).isEqualTo("VALIDATION_FAILED");
        assertThat(refund(bookingId, "k4", "-5", "negative").error()).isEqualTo("VALIDATION_FAILED");
        assertThat(refund(bookingId, "k5", "1.001", "a tenth of a cent").error()).isEqualTo("VALIDATION_FAILED");
        assertThat(refund(bookingId, "k6", "1.00", "").error()).isEqualTo("VALIDATION_FAILED");
        assertThat(refund(bookingId, "k8", "1.00", "nul \\u0000 inside").error()).isEqualTo("VALIDATION_FAILED");
        var noKey = api.post("/v1/admin/bookings/" + bookingId + "/refunds", null,
                "{\"amount\":1.00,\"reason\":\"no key\"}");
        assertThat(noKey.status()).isEqualTo(400);
        // Only operators refund.
        var byBuyer = api.postAs(TestApi.userToken("buyer-" + TestApi.randomText(5)),
                "/v1/admin/bookings/" + bookingId + "/refunds", "k7", "{\"amount\":1.00,\"reason\":\"mine\"}");
        assertThat(byBuyer.status()).isEqualTo(403);
        assertThat(refundsOf(intentOf(bookingId))).isZero();
        assertThat(paymentStatus(bookingId)).isEqualTo("captured");
    }

    private String capturedBooking(String flightId, int seats) {
        String bookingId = api.claimPaying(TestApi.newUserId(), flightId, seats, "pm_card_visa", null)
                .body().path("bookingId").asString();
        awaitPaymentStatus(bookingId, "captured");
        return bookingId;
    }

    private TestApi.Response refund(String bookingId, String key, String amount, String reason) {
        return api.post("/v1/admin/bookings/" + bookingId + "/refunds", key,
                "{\"amount\":" + amount + ",\"reason\":\"" + reason + "\"}");
    }

    /** A Stripe refund event, as the PSP sends it (unsigned; see deliverSigned). */
    private static String refundEvent(String type, String refundId, String intentId, String bookingId, long amount,
            String status) {
        return """
                {"id":"evt_%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,"livemode":false,
                 "pending_webhooks":1,"request":{},"type":"%s",
                 "data":{"object":{"id":"%s","object":"refund","amount":%d,"currency":"eur","payment_intent":"%s",
                 "status":"%s","metadata":{"bookingId":"%s"}}}}"""
                .formatted(TestApi.randomText(12), java.time.Instant.now().getEpochSecond(), type, refundId, amount,
                        intentId, status, bookingId);
    }

    private double failedRefunds() {
        var line = api.get("/actuator/prometheus").raw().lines()
                .filter(l -> l.startsWith("payment_refund_total{") && l.contains("result=\"failed\"")).findFirst();
        return line.map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }
}
