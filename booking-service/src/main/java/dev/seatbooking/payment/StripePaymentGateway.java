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
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
    private final Clock clock;
    private volatile StripeClient client;

    StripePaymentGateway(Environment environment, PaymentProperties properties, CircuitBreakerRegistry breakers,
            Clock clock) {
        this.environment = environment;
        this.properties = properties;
        this.breaker = breakers.circuitBreaker("psp");
        this.clock = clock;
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
    public CaptureResult capture(String intentId, String bookingId) {
        return guarded(() -> captureUnguarded(intentId, bookingId));
    }

    @Override
    public FullRefund refund(String intentId, String bookingId) {
        return guarded(() -> refundUnguarded(intentId, bookingId));
    }

    @Override
    public RefundReceipt refundPart(String intentId, String bookingId, long amount, String reason, String key) {
        return guarded(() -> refundPartUnguarded(intentId, bookingId, amount, reason, key));
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
                .setCaptureMethod(properties.captureMethod() == CaptureMethod.MANUAL
                        ? PaymentIntentCreateParams.CaptureMethod.MANUAL
                        : PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
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

    /**
     * No key of ours: the SDK keys each call for its own retries, and a later call must not be
     * answered with an earlier refusal (a cancel refused while the intent was processing).
     */
    private boolean cancelUnguarded(String intentId, String bookingId) {
        try {
            client().v1().paymentIntents().cancel(intentId);
            return true;
        } catch (InvalidRequestException e) {
            log.atInfo().addKeyValue("bookingId", bookingId)
                    .log("PSP refused to cancel intent {} of {}: {}", intentId, bookingId, e.getCode());
            return false;
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the cancel: " + e.getMessage(), e);
        }
    }

    /**
     * Asks first how the intent stands, so that a capture done before (its answer lost) or an
     * authorization gone is known without a capture, and one too old is voided instead. No key of
     * ours, as for a cancel: the PSP captures an authorization once, whatever the calls.
     */
    private CaptureResult captureUnguarded(String intentId, String bookingId) {
        var intent = intentForCapture(intentId, bookingId);
        var settled = settled(intent);
        if (settled != null) {
            return settled;
        }
        var deadline = Instant.ofEpochSecond(intent.getCreated()).plus(properties.captureDeadline());
        if (!clock.instant().isBefore(deadline)) {
            log.atWarn().addKeyValue("bookingId", bookingId)
                    .log("Authorization {} of {} is past the capture deadline {}: voided, not captured", intentId,
                            bookingId, deadline);
            if (!cancelUnguarded(intentId, bookingId)) {
                throw new PaymentUnavailable("Intent " + intentId + " could not be voided; asked again later", null);
            }
            return CaptureResult.EXPIRED;
        }
        try {
            client().v1().paymentIntents().capture(intentId, PaymentIntentCaptureParams.builder().build());
            return CaptureResult.CAPTURED;
        } catch (CardException e) {
            log.atWarn().addKeyValue("bookingId", bookingId)
                    .log("PSP refused the capture of {} ({}): {}", bookingId, intentId, e.getCode());
            return CaptureResult.REFUSED;
        } catch (InvalidRequestException e) {
            // Captured or cancelled meanwhile (payment_intent_unexpected_state): how it stands now says which.
            var result = settled(intentForCapture(intentId, bookingId));
            if (result == null) {
                throw new PaymentUnavailable("The PSP refused the capture of " + intentId + ": " + e.getMessage(), e);
            }
            return result;
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the capture: " + e.getMessage(), e);
        }
    }

    /**
     * The intent to capture. One the PSP does not know is never taken for a refusal: the intent id
     * came from the PSP, so a key of another account or mode is the likelier cause, and undoing
     * every sale over a misconfiguration would be far worse than retrying until it is fixed.
     */
    private PaymentIntent intentForCapture(String intentId, String bookingId) {
        try {
            return client().v1().paymentIntents().retrieve(intentId);
        } catch (InvalidRequestException e) {
            log.atError().addKeyValue("bookingId", bookingId)
                    .log("PSP knows no intent {} of {} to capture (is the API key that of the account that made it?);"
                            + " retrying: {}", intentId, bookingId, e.getMessage());
            throw new PaymentUnavailable("The PSP knows no intent " + intentId + ": " + e.getMessage(), e);
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the retrieve: " + e.getMessage(), e);
        }
    }

    /** How a capture of the intent ended already; null while it is still to be captured. */
    private static @Nullable CaptureResult settled(PaymentIntent intent) {
        return switch (intent.getStatus()) {
            case "succeeded" -> CaptureResult.CAPTURED;
            // "automatic": the PSP let the authorization lapse.
            case "canceled" -> "automatic".equals(intent.getCancellationReason()) ? CaptureResult.EXPIRED
                    : CaptureResult.REFUSED;
            case "requires_capture" -> null;
            default -> throw new PaymentUnavailable("Intent " + intent.getId() + " is " + intent.getStatus()
                    + ", not authorized yet; capture asked again later", null);
        };
    }

    /**
     * Asks first how the intent stands: an authorization is voided rather than refunded, and a
     * refund is asked for only of a payment that succeeded, so its key (the intent, not the booking:
     * a booking may see its own payment refunded and also a stranger's that named it, each once) is
     * never spent on a refusal the PSP would replay to every retry.
     */
    private FullRefund refundUnguarded(String intentId, String bookingId) {
        var intent = retrieveUnguarded(intentId);
        switch (intent.outcome()) {
            case AUTHORIZED -> {
                return FullRefund.without(cancelUnguarded(intentId, bookingId) ? RefundResult.VOIDED : RefundResult.REFUSED);
            }
            case FAILED -> {
                // Nothing was taken. ("No such payment" is refused, not nothing: a key of another
                // account or mode looks the same, and a refund must not be dropped for it.)
                return FullRefund.without("resource_missing".equals(intent.pspStatus()) ? RefundResult.REFUSED
                        : RefundResult.NOTHING_TO_REFUND);
            }
            case PROCESSING -> {
                return FullRefund.without(RefundResult.REFUSED); // it may succeed yet: asked again later
            }
            case SUCCEEDED -> {
                // refunded below
            }
        }
        try {
            // No amount: all that remains refundable (an operator may have refunded part of it already).
            var refund = client().v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intentId)
                    .putMetadata("bookingId", bookingId).build(), key("refund-" + intentId));
            return new FullRefund(RefundResult.REFUNDED,
                    new RefundReceipt(refund.getId(), refund.getAmount(), refund.getStatus()));
        } catch (InvalidRequestException e) {
            if ("charge_already_refunded".equals(e.getCode())) {
                return FullRefund.without(RefundResult.REFUNDED);
            }
            log.atError().addKeyValue("bookingId", bookingId)
                    .log("PSP refused the refund of {} ({}): {}", bookingId, intentId, e.getMessage());
            return FullRefund.without(RefundResult.REFUSED);
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the refund: " + e.getMessage(), e);
        }
    }

    private RefundReceipt refundPartUnguarded(String intentId, String bookingId, long amount, String reason,
            String key) {
        try {
            var refund = client().v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intentId)
                    .setAmount(amount).putMetadata("bookingId", bookingId).putMetadata("reason", reason).build(),
                    key(key));
            return new RefundReceipt(refund.getId(), refund.getAmount(), refund.getStatus());
        } catch (IdempotencyException e) {
            throw new RefundDeclined("idempotency_error", e.getMessage());
        } catch (InvalidRequestException e) {
            throw new RefundDeclined(String.valueOf(e.getCode()), e.getMessage());
        } catch (StripeException e) {
            throw new PaymentUnavailable("The PSP did not answer the refund: " + e.getMessage(), e);
        }
    }

    private static PaymentAttempt attemptOf(PaymentIntent intent) {
        return new PaymentAttempt(intent.getId(), outcomeOf(intent.getStatus()), intent.getStatus(), paidAmount(intent),
                String.valueOf(intent.getCurrency()));
    }

    /**
     * What the intent pays, or for an authorization what it may capture: a partial authorization is
     * not the booking's price, so it buys nothing (and is voided).
     */
    static long paidAmount(PaymentIntent intent) {
        Long amount = "requires_capture".equals(intent.getStatus()) ? intent.getAmountCapturable() : intent.getAmount();
        return amount == null ? -1 : amount;
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
            case "requires_capture" -> PaymentOutcome.AUTHORIZED;
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
