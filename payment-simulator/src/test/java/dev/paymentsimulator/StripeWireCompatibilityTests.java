package dev.paymentsimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.ApiResource;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The simulator driven by the official Stripe SDK alone, and its webhooks verified with the SDK's
 * {@code Webhook.constructEvent}: if these pass, the booking service's Stripe adapter talks to the
 * simulator exactly as it would talk to Stripe.
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.base-path=", "simulator.api-key=" + StripeWireCompatibilityTests.KEY, "simulator.event-delay-min=50ms", "simulator.event-delay-max=100ms",
                "simulator.late-delay=2s", "simulator.webhook-first-retry=100ms",
                "simulator.authorization-validity=6s"})
class StripeWireCompatibilityTests {

    static final String KEY = "sk_test_sim_wire_tests";
    private static final String SECRET = "whsec_wire_test_secret";
    private static final List<String[]> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger refuseNext = new AtomicInteger();
    private static HttpServer receiver;

    @LocalServerPort
    int port;

    private StripeClient stripe;

    @BeforeAll
    static void startWebhookReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            if (status == 200) {
                received.add(new String[] {body, exchange.getRequestHeaders().getFirst("Stripe-Signature")});
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopWebhookReceiver() {
        receiver.stop(0);
    }

    @DynamicPropertySource
    static void webhookTarget(DynamicPropertyRegistry registry) {
        registry.add("simulator.webhook-url", () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
        registry.add("simulator.webhook-secret", () -> SECRET);
    }

    @BeforeEach
    void connect() {
        refuseNext.set(0);
        stripe = StripeClient.builder().setApiKey(KEY).setApiBase("http://127.0.0.1:" + port)
                .setMaxNetworkRetries(0).build();
    }

    @Test
    void createRetrieveAndRefundWithTheSdk() throws Exception {
        var intent = stripe.v1().paymentIntents().create(params("pm_card_visa", "BKWIRE0001"),
                RequestOptions.builder().setIdempotencyKey("wire-1").build());

        assertThat(intent.getId()).startsWith("pi_");
        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmount()).isEqualTo(39800L);
        assertThat(intent.getCurrency()).isEqualTo("eur");
        assertThat(intent.getMetadata()).containsEntry("bookingId", "BKWIRE0001");
        assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");

        Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).build(),
                RequestOptions.builder().setIdempotencyKey("wire-refund-1").build());
        assertThat(refund.getStatus()).isEqualTo("succeeded");
        assertThat(refund.getAmount()).isEqualTo(39800L);
        assertThat(refund.getPaymentIntent()).isEqualTo(intent.getId());
    }

    @Test
    void retryWithTheSameIdempotencyKeyGetsTheSameIntent() throws Exception {
        var options = RequestOptions.builder().setIdempotencyKey("wire-2").build();
        var first = stripe.v1().paymentIntents().create(params("pm_card_visa", "BKWIRE0002"), options);
        var retry = stripe.v1().paymentIntents().create(params("pm_card_visa", "BKWIRE0002"), options);

        assertThat(retry.getId()).isEqualTo(first.getId());
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(params("pm_card_visa", "BKOTHER002"), options))
                .isInstanceOf(IdempotencyException.class);
    }

    @Test
    void declinedCardRaisesCardException() {
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(params("pm_card_visa_chargeDeclined", "BKWIRE0003")))
                .isInstanceOfSatisfying(CardException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("card_declined");
                    assertThat(e.getDeclineCode()).isEqualTo("generic_decline");
                    assertThat(e.getStatusCode()).isEqualTo(402);
                    assertThat(e.getStripeError().getPaymentIntent().getStatus()).isEqualTo("requires_payment_method");
                });
    }

    @Test
    void cancelAnIntentThatHasNotSucceeded() throws Exception {
        var created = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(500L).setCurrency("eur").setPaymentMethod("pm_card_visa").putMetadata("bookingId", "BKWIRE0004")
                .build());
        assertThat(created.getStatus()).isEqualTo("requires_confirmation");

        PaymentIntent canceled = stripe.v1().paymentIntents().cancel(created.getId());

        assertThat(canceled.getStatus()).isEqualTo("canceled");
        var processing = stripe.v1().paymentIntents().create(params("pm_sim_never", "BKWIRE0005"));
        assertThat(processing.getStatus()).isEqualTo("processing");
        assertThatThrownBy(() -> stripe.v1().paymentIntents().cancel(processing.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
        assertThatThrownBy(() -> stripe.v1().paymentIntents().retrieve("pi_nope"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("resource_missing"));
    }

    @Test
    void webhooksVerifyWithTheSdkAndRetryUntilAccepted() throws Exception {
        refuseNext.set(2); // the first two attempts get 503: the event must still arrive, signed afresh
        var intent = stripe.v1().paymentIntents().create(params("pm_sim_delayed", "BKWIRE0006"));
        assertThat(intent.getStatus()).isEqualTo("processing");

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(intent.getId()).stream()
                .anyMatch(e -> e.getType().equals("payment_intent.succeeded")));

        Event event = eventsFor(intent.getId()).stream()
                .filter(e -> e.getType().equals("payment_intent.succeeded")).findFirst().orElseThrow();
        assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
        var object = (PaymentIntent) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(object.getStatus()).isEqualTo("succeeded");
        assertThat(object.getMetadata()).containsEntry("bookingId", "BKWIRE0006");
        assertThatThrownBy(() -> Webhook.constructEvent(received.getFirst()[0], received.getFirst()[1], "whsec_wrong"))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void chaosSendsTheSuccessThreeTimesThenAStaleFailure() {
        var intent = create("pm_sim_chaos", "BKWIRE0007");

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(intent).size() == 4);

        // Deliveries run on their own threads, so arrival order is not asserted; what arrives is.
        var events = eventsFor(intent);
        var successes = events.stream().filter(e -> e.getType().equals("payment_intent.succeeded")).toList();
        var failures = events.stream().filter(e -> e.getType().equals("payment_intent.payment_failed")).toList();
        assertThat(successes).hasSize(3).extracting(Event::getId).containsOnly(successes.getFirst().getId());
        assertThat(failures).hasSize(1);
        assertThat(failures.getFirst().getId()).isNotEqualTo(successes.getFirst().getId());
    }

    @Test
    void callsWithoutTheKeyAreRefusedAsStripeRefusesThem() throws Exception {
        var other = StripeClient.builder().setApiKey("sk_test_simulator").setApiBase("http://127.0.0.1:" + port)
                .setMaxNetworkRetries(0).build();
        assertThatThrownBy(() -> other.v1().paymentIntents().create(params("pm_card_visa", "BKWIRE0009")))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(401));

        var http = HttpClient.newHttpClient();
        for (var authorization : new String[] {null, "Bearer sk_test_simulator", "Bearer " + KEY + "x", "Basic Og=="}) {
            for (var path : new String[] {"/ledger", "/outage?failNext=1000", "/v1/payment_intents/pi_x"}) {
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                request = path.startsWith("/outage") ? request.POST(HttpRequest.BodyPublishers.noBody())
                        : request.GET();
                var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("%s with %s", path, authorization).isEqualTo(401);
                assertThat(response.body()).contains("\"type\":\"invalid_request_error\"").doesNotContain(KEY);
            }
        }
        // The refused outage call stopped nothing.
        assertThat(create("pm_card_visa", "BKWIRE0010")).startsWith("pi_");
    }

    @Test
    void amountsUnderStripesMinimumAreRefused() throws Exception {
        var tooSmall = PaymentIntentCreateParams.builder().setAmount(49L).setCurrency("eur").setPaymentMethod("pm_card_visa")
                .setConfirm(true).putMetadata("bookingId", "BKWIRE0011").build();
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(tooSmall))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("amount_too_small");
                    assertThat(e.getParam()).isEqualTo("amount");
                });
        var yen = PaymentIntentCreateParams.builder().setAmount(50L).setCurrency("jpy").setPaymentMethod("pm_card_visa")
                .setConfirm(true).putMetadata("bookingId", "BKWIRE0012").build();
        assertThat(stripe.v1().paymentIntents().create(yen).getStatus()).isEqualTo("succeeded");
    }

    @Test
    void lateMethodSucceedsAfterTheLateDelay() throws Exception {
        String intent = create("pm_sim_late", "BKWIRE0008");
        assertThat(stripe.v1().paymentIntents().retrieve(intent).getStatus()).isEqualTo("processing");

        await().atMost(Duration.ofSeconds(15)).until(() -> stripe.v1().paymentIntents().retrieve(intent).getStatus()
                .equals("succeeded"));
    }

    @Test
    void manualCaptureAuthorizesThenTakesWhatIsCaptured() throws Exception {
        var intent = stripe.v1().paymentIntents().create(manual("pm_card_visa", "BKWIRE0101"),
                RequestOptions.builder().setIdempotencyKey("wire-auth-1").build());

        assertThat(intent.getStatus()).isEqualTo("requires_capture");
        assertThat(intent.getCaptureMethod()).isEqualTo("manual");
        assertThat(intent.getAmountCapturable()).isEqualTo(39800L);
        assertThat(intent.getAmountReceived()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(intent.getId()).stream()
                .anyMatch(e -> e.getType().equals("payment_intent.amount_capturable_updated")));
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intent.getId()).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));

        var captureOptions = RequestOptions.builder().setIdempotencyKey("wire-capture-1").build();
        var part = PaymentIntentCaptureParams.builder().setAmountToCapture(30000L).build();
        PaymentIntent captured = stripe.v1().paymentIntents().capture(intent.getId(), part, captureOptions);
        PaymentIntent replayed = stripe.v1().paymentIntents().capture(intent.getId(), part, captureOptions);

        assertThat(captured.getStatus()).isEqualTo("succeeded");
        assertThat(captured.getAmountReceived()).isEqualTo(30000L);
        assertThat(captured.getAmountCapturable()).isZero();
        assertThat(replayed.getAmountReceived()).isEqualTo(30000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(intent.getId()).stream()
                .anyMatch(e -> e.getType().equals("payment_intent.succeeded")));
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(intent.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
        // Only what was captured can be refunded, and only once.
        Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).build());
        assertThat(refund.getAmount()).isEqualTo(30000L);
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intent.getId()).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("charge_already_refunded"));
    }

    @Test
    void anAuthorizationIsCanceledOrCapturedButNeverForMoreThanItHolds() throws Exception {
        var voided = stripe.v1().paymentIntents().create(manual("pm_card_visa", "BKWIRE0102"));
        var tooMuch = PaymentIntentCaptureParams.builder().setAmountToCapture(39801L).build();
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(voided.getId(), tooMuch))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("amount_too_large");
                    assertThat(e.getParam()).isEqualTo("amount_to_capture");
                });

        PaymentIntent canceled = stripe.v1().paymentIntents().cancel(voided.getId());

        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(canceled.getCancellationReason()).isEqualTo("requested_by_customer");
        assertThat(canceled.getAmountCapturable()).isZero();
        assertThat(canceled.getAmountReceived()).isZero();
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(voided.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
        var automatic = stripe.v1().paymentIntents().create(params("pm_card_visa", "BKWIRE0103"));
        assertThat(automatic.getCaptureMethod()).isEqualTo("automatic");
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(automatic.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
    }

    @Test
    void aCaptureTheIssuerRefusesEndsTheAuthorization() throws Exception {
        var intent = stripe.v1().paymentIntents().create(manual("pm_sim_capture_refused", "BKWIRE0104"));
        assertThat(intent.getStatus()).isEqualTo("requires_capture");
        // More than was authorized is refused first, as for any authorization, and changes nothing.
        var tooMuch = PaymentIntentCaptureParams.builder().setAmountToCapture(39801L).build();
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(intent.getId(), tooMuch))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_large"));

        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(intent.getId()))
                .isInstanceOfSatisfying(CardException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(402);
                    assertThat(e.getCode()).isEqualTo("card_declined");
                });

        var after = stripe.v1().paymentIntents().retrieve(intent.getId());
        assertThat(after.getStatus()).isEqualTo("canceled");
        assertThat(after.getCancellationReason()).isEqualTo("automatic");
        assertThat(after.getAmountReceived()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(intent.getId()).stream()
                .anyMatch(e -> e.getType().equals("payment_intent.canceled")));
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(intent.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
    }

    @Test
    void aDelayedPaymentIsOnlyAuthorizedWhenItCapturesManually() throws Exception {
        var intent = stripe.v1().paymentIntents().create(manual("pm_sim_delayed", "BKWIRE0106"));
        assertThat(intent.getStatus()).isEqualTo("processing");

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(intent.getId()).stream()
                .anyMatch(e -> e.getType().equals("payment_intent.amount_capturable_updated")));

        assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("requires_capture");
        assertThat(eventsFor(intent.getId())).noneMatch(e -> e.getType().equals("payment_intent.succeeded"));
        assertThat(stripe.v1().paymentIntents().capture(intent.getId()).getAmountReceived()).isEqualTo(39800L);
    }

    @Test
    void anUncapturedAuthorizationExpiresAndCannotBeCaptured() throws Exception {
        var intent = stripe.v1().paymentIntents().create(manual("pm_card_visa", "BKWIRE0105"));

        // simulator.authorization-validity is 6 s in this class (7 days by default, as on Stripe).
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsFor(intent.getId()).stream()
                .anyMatch(e -> e.getType().equals("payment_intent.canceled")));

        var expired = stripe.v1().paymentIntents().retrieve(intent.getId());
        assertThat(expired.getStatus()).isEqualTo("canceled");
        assertThat(expired.getCancellationReason()).isEqualTo("automatic");
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(intent.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
    }

    @Test
    void anUnknownRouteOrMethodIsAnsweredInStripesShape() {
        for (var call : List.of(new Object[] {ApiResource.RequestMethod.GET, "/v1/payment_intentz"},
                new Object[] {ApiResource.RequestMethod.DELETE, "/v1/payment_intents/pi_x"},
                new Object[] {ApiResource.RequestMethod.GET, "/v1/refunds/re_x/cancel"})) {
            var method = (ApiResource.RequestMethod) call[0];
            var path = (String) call[1];
            assertThatThrownBy(() -> stripe.rawRequest(method, path, null))
                    .as("%s %s", method, path)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(404);
                        assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
                        assertThat(e.getStripeError().getMessage())
                                .startsWith("Unrecognized request URL (" + method.name() + ": " + path + ")");
                    });
        }
        var keyless = StripeClient.builder().setApiKey("sk_test_other").setApiBase("http://127.0.0.1:" + port)
                .setMaxNetworkRetries(0).build();
        assertThatThrownBy(() -> keyless.rawRequest(ApiResource.RequestMethod.GET, "/v1/payment_intentz", null))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void listsPageNewestFirst() throws Exception {
        for (int i = 0; i < 8; i++) {
            create("pm_card_visa", "BKWIRE021" + i); // with the three below, more than a default page
        }
        String first = create("pm_card_visa", "BKWIRE0201");
        String second = create("pm_card_visa", "BKWIRE0202");
        String third = create("pm_card_visa", "BKWIRE0203");

        var page = stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(2L).build());
        var next = stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(1L)
                .setStartingAfter(page.getData().getLast().getId()).build());

        assertThat(page.getData()).extracting(PaymentIntent::getId).containsExactly(third, second);
        assertThat(page.getHasMore()).isTrue();
        assertThat(page.getUrl()).isEqualTo("/v1/payment_intents");
        assertThat(next.getData()).extracting(PaymentIntent::getId).containsExactly(first);
        // A page without a limit holds 10.
        var defaults = stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().build());
        assertThat(defaults.getData()).hasSize(10).first().extracting(PaymentIntent::getId).isEqualTo(third);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().list(PaymentIntentListParams.builder()
                .setStartingAfter("pi_unknown").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("starting_after");
                });
        assertThatThrownBy(() -> stripe.v1().paymentIntents().list(PaymentIntentListParams.builder()
                .setLimit(101L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("limit"));
    }

    @Test
    void partialRefundsAddUpToWhatWasPaidAndNoMore() throws Exception {
        String intent = create("pm_card_visa", "BKWIRE0204");
        String other = create("pm_card_visa", "BKWIRE0206");
        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(other).build());

        var part = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent)
                .setAmount(10000L).build());
        var rest = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent).build());

        assertThat(part.getAmount()).isEqualTo(10000L);
        assertThat(rest.getAmount()).isEqualTo(29800L);
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent)
                .setAmount(1L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("charge_already_refunded"));
        var refunds = stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(intent).build());
        assertThat(refunds.getData()).extracting(Refund::getId).containsExactly(rest.getId(), part.getId());
        assertThat(stripe.v1().refunds().retrieve(part.getId()).getAmount()).isEqualTo(10000L);
    }

    @Test
    void aRefundThatFailsSaysSoAndLeavesTheMoneyRefundable() throws Exception {
        String intent = create("pm_card_refundFail", "BKWIRE0205");

        var refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent).build());
        assertThat(refund.getStatus()).isEqualTo("succeeded");

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(refund.getId()).stream()
                .anyMatch(e -> e.getType().equals("refund.failed")));
        var failed = stripe.v1().refunds().retrieve(refund.getId());
        assertThat(failed.getStatus()).isEqualTo("failed");
        assertThat(failed.getFailureReason()).isEqualTo("declined");
        assertThat(stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(intent).build()).getData())
                .singleElement().extracting(Refund::getStatus).isEqualTo("failed");
        assertThat(eventsFor(refund.getId())).extracting(Event::getType)
                .contains("refund.created", "refund.updated", "refund.failed");
        // A failed refund is final; the money can be refunded again by a new one.
        var again = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent).build());
        assertThat(again.getId()).isNotEqualTo(refund.getId());
        assertThat(again.getAmount()).isEqualTo(39800L);
    }

    @Test
    void anIntentIsUpdatedThenConfirmed() throws Exception {
        var created = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(500L)
                .setCurrency("eur").setPaymentMethod("pm_card_visa").putMetadata("bookingId", "BKWIRE0301")
                .putMetadata("note", "draft").build());

        var updated = stripe.v1().paymentIntents().update(created.getId(), PaymentIntentUpdateParams.builder()
                .setAmount(700L).putMetadata("note", "").putMetadata("seat", "12A").build());
        var confirmed = stripe.v1().paymentIntents().confirm(created.getId());

        assertThat(updated.getAmount()).isEqualTo(700L);
        assertThat(updated.getMetadata()).containsEntry("bookingId", "BKWIRE0301").containsEntry("seat", "12A")
                .doesNotContainKey("note");
        assertThat(confirmed.getStatus()).isEqualTo("succeeded");
        assertThat(confirmed.getAmountReceived()).isEqualTo(700L);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().update(created.getId(),
                PaymentIntentUpdateParams.builder().setAmount(900L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
        assertThatThrownBy(() -> stripe.v1().paymentIntents().confirm(created.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
    }

    @Test
    void aDeclinedIntentIsConfirmedAgainWithAnotherCard() throws Exception {
        var declined = assertThatThrownBy(() -> stripe.v1().paymentIntents()
                .create(params("pm_card_visa_chargeDeclined", "BKWIRE0302")))
                .isInstanceOf(CardException.class).actual();
        String id = ((CardException) declined).getStripeError().getPaymentIntent().getId();

        var paid = stripe.v1().paymentIntents().confirm(id,
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

        assertThat(paid.getStatus()).isEqualTo("succeeded");
        assertThat(paid.getPaymentMethod()).isEqualTo("pm_card_visa");
        assertThat(paid.getLastPaymentError()).isNull();
    }

    private static PaymentIntentCreateParams manual(String method, String bookingId) {
        return PaymentIntentCreateParams.builder()
                .setAmount(39800L)
                .setCurrency("eur")
                .setPaymentMethod(method)
                .setConfirm(true)
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .putMetadata("bookingId", bookingId)
                .build();
    }

    private String create(String method, String bookingId) {
        try {
            return stripe.v1().paymentIntents().create(params(method, bookingId)).getId();
        } catch (StripeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Event> eventsFor(String intentId) {
        return received.stream()
                .map(r -> {
                    try {
                        return Webhook.constructEvent(r[0], r[1], SECRET, 300);
                    } catch (SignatureVerificationException e) {
                        throw new AssertionError("Webhook signature did not verify", e);
                    }
                })
                .filter(e -> e.getDataObjectDeserializer().getRawJson().contains(intentId))
                .toList();
    }

    private static PaymentIntentCreateParams params(String method, String bookingId) {
        return PaymentIntentCreateParams.builder()
                .setAmount(39800L)
                .setCurrency("eur")
                .setPaymentMethod(method)
                .setConfirm(true)
                .putMetadata("bookingId", bookingId)
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build())
                .build();
    }
}
