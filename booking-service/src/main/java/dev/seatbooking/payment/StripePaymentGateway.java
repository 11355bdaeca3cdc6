package dev.seatbooking.payment;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@link PaymentGateway} over Stripe's API with the official SDK. The base URL comes from
 * payment.api-base: Stripe's own (https://api.stripe.com) with a real key, or the simulator's. It is
 * read at the first call, since the default names the port the server got at start-up.
 */
@Component
class StripePaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(StripePaymentGateway.class);

    private final Environment environment;
    private final PaymentProperties properties;
    private final CircuitBreaker breaker;
    private volatile StripeClient client;

    StripePaymentGateway(Environment environment, PaymentProperties properties, CircuitBreakerRegistry breakers) {
        this.environment = environment;
        this.properties = properties;
        this.breaker = breakers.circuitBreaker("psp");
    }

    @Override
    public PaymentAttempt start(PaymentRequest request) {
        return guarded(() -> startUnguarded(request));
    }

    @Override
    public PaymentAttempt retrieve(String intentId) {
        return guarded(() -> retrieveUnguarded(intentId));
    }

    @Override
    public boolean cancel(String intentId, String bookingId) {
        return guarded(() -> cancelUnguarded(intentId, bookingId));
    }

    @Override
    public RefundResult refund(String intentId, String bookingId) {
        return guarded(() -> refundUnguarded(intentId, bookingId));
    }

    /**
     * Through the "psp" circuit breaker: once PSP outages pile up, calls fail at once for a moment
     * (their callers retry later) instead of each waiting out the timeouts.
     */
    private <T> T guarded(Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new PaymentUnavailable("The PSP circuit breaker is open", e);
        }
    }

    private PaymentAttempt startUnguarded(PaymentRequest request) {
        var params = PaymentIntentCreateParams.builder()
                .setAmount(minorUnits(request))
                .setCurrency(request.currency().toLowerCase())
                .setPaymentMethod(request.paymentMethod())
                .setConfirm(true)
                .putMetadata("bookingId", request.bookingId())
                .putMetadata("flightIds", request.flightIds())
                .putAllMetadata(request.trace())
                // What Stripe needs to confirm on the server without a customer present.
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build())
                .build();
        try {
            var intent = client().v1().paymentIntents().create(params, key("pay-" + request.bookingId()));
            return attemptOf(intent);
        } catch (CardException e) {
            return failed(e.getStripeError() == null ? null : e.getStripeError().getPaymentIntent(), e.getCode());
        } catch (ApiConnectionException | ApiException | RateLimitException | IdempotencyException
                | AuthenticationException e) {
            // Outages, a first request still running under this key, or our own key misconfigured or
            // lacking permission (PermissionException is an AuthenticationException):
            // none says the customer's payment failed. Retried while the hold lives.
            throw new PaymentUnavailable("The PSP did not take the payment start: " + e.getMessage(), e);
        } catch (StripeException e) {
            // Refused as asked (an unknown payment method, say): this payment cannot succeed.
            log.atWarn().addKeyValue("bookingId", request.bookingId())
                    .log("PSP refused the payment of {}: {} {}", request.bookingId(), e.getCode(), e.getMessage());
            return failed(e.getStripeError() == null ? null : e.getStripeError().getPaymentIntent(), e.getCode());
        }
    }

    private PaymentAttempt retrieveUnguarded(String intentId) {
        try {
            return attemptOf(client().v1().paymentIntents().retrieve(intentId));
        } catch (InvalidRequestException e) {
            return new PaymentAttempt(intentId, PaymentOutcome.FAILED, e.getCode(), 0, "");
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the retrieve: " + e.getMessage(), e);
        }
    }

    private boolean cancelUnguarded(String intentId, String bookingId) {
        try {
            client().v1().paymentIntents().cancel(intentId, key("cancel-" + bookingId));
            return true;
        } catch (InvalidRequestException e) {
            return false;
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the cancel: " + e.getMessage(), e);
        }
    }

    /**
     * Keyed by the intent, not the booking: a booking may see its own payment refunded and also a
     * stranger's payment that named it, and each is refunded once.
     */
    private RefundResult refundUnguarded(String intentId, String bookingId) {
        try {
            client().v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intentId).build(),
                    key("refund-" + intentId));
            return RefundResult.REFUNDED;
        } catch (InvalidRequestException e) {
            return switch (String.valueOf(e.getCode())) {
                case "charge_already_refunded" -> RefundResult.REFUNDED;
                // Not succeeded: nothing was taken, unless it is still processing and may succeed yet.
                // ("No such payment" is refused, not nothing: a key of another account or mode looks
                // the same, and a refund must not be dropped for it.)
                case "payment_intent_unexpected_state" ->
                        retrieveUnguarded(intentId).outcome() == PaymentOutcome.FAILED ? RefundResult.NOTHING_TO_REFUND
                                : RefundResult.REFUSED;
                default -> {
                    log.atError().addKeyValue("bookingId", bookingId)
                            .log("PSP refused the refund of {} ({}): {}", bookingId, intentId, e.getMessage());
                    yield RefundResult.REFUSED;
                }
            };
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the refund: " + e.getMessage(), e);
        }
    }

    private static PaymentAttempt attemptOf(PaymentIntent intent) {
        return new PaymentAttempt(intent.getId(), outcomeOf(intent.getStatus()), intent.getStatus(),
                intent.getAmount() == null ? -1 : intent.getAmount(), String.valueOf(intent.getCurrency()));
    }

    private static PaymentAttempt failed(PaymentIntent intent, String code) {
        String status = code == null ? "requires_payment_method" : code;
        return intent == null ? new PaymentAttempt(null, PaymentOutcome.FAILED, status, 0, "")
                : new PaymentAttempt(intent.getId(), PaymentOutcome.FAILED, status,
                        intent.getAmount() == null ? -1 : intent.getAmount(), String.valueOf(intent.getCurrency()));
    }

    static PaymentOutcome outcomeOf(String status) {
        return switch (status) {
            case "succeeded" -> PaymentOutcome.SUCCEEDED;
            case "requires_payment_method", "canceled" -> PaymentOutcome.FAILED;
            default -> PaymentOutcome.PROCESSING;
        };
    }

    /** Stripe counts in the currency's smallest unit: 398.00 EUR is 39800. */
    private static long minorUnits(PaymentRequest request) {
        return PaymentAmounts.minorUnits(request.amount(), request.currency());
    }

    /** Retries inside the SDK reuse this key, and so does our own retry of the same booking. */
    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private StripeClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = StripeClient.builder()
                            .setApiKey(properties.apiKey())
                            .setApiBase(environment.getRequiredProperty("payment.api-base"))
                            .setConnectTimeout((int) properties.connectTimeout().toMillis())
                            .setReadTimeout((int) properties.readTimeout().toMillis())
                            .setMaxNetworkRetries(2)
                            .build();
                }
            }
        }
        return client;
    }
}
