package dev.seatbooking.payment;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.model.Event;
import com.stripe.model.HasId;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Turns verified PSP events into payment outcomes. Events of types the booking does not use, and
 * events for intents no booking knows, are acknowledged and counted, so the PSP stops sending them.
 */
@Service
class PaymentWebhooks {

    private static final Logger log = LoggerFactory.getLogger(PaymentWebhooks.class);

    private final WebhookSignature signature;
    private final PaymentOutcomes outcomes;
    private final RefundOutcomes refunds;
    private final MeterRegistry registry;
    private final PaymentTracing tracing;

    PaymentWebhooks(WebhookSignature signature, PaymentOutcomes outcomes, RefundOutcomes refunds, MeterRegistry registry,
            PaymentTracing tracing) {
        this.signature = signature;
        this.outcomes = outcomes;
        this.refunds = refunds;
        this.registry = registry;
        this.tracing = tracing;
    }

    void receive(String payload, String signatureHeader) {
        Event event;
        try {
            event = signature.verify(payload, signatureHeader);
        } catch (InvalidSignature e) {
            count("unknown", "rejected");
            throw e;
        }
        if (!isPrintable(event.getId()) || !isPrintable(event.getType()) || event.getData() == null
                || event.getApiVersion() == null) {
            count("unknown", "malformed");
            throw new MalformedEvent();
        }
        String type = event.getType();
        var intent = type.startsWith("payment_intent.") ? objectOf(event, PaymentIntent.class) : Optional.<PaymentIntent>empty();
        var refund = type.startsWith("refund.") ? objectOf(event, Refund.class) : Optional.<Refund>empty();
        // Handled in the booking's own trace, which the intent's (or refund's) metadata carries back.
        var metadata = intent.map(PaymentIntent::getMetadata).orElse(refund.map(Refund::getMetadata).orElse(null));
        tracing.inTraceOf(metadata, type, () -> {
            try (var ignored = MDC.putCloseable("bookingId", metadataOf(metadata, "bookingId"));
                    var ignored2 = MDC.putCloseable("flightId", metadataOf(metadata, "flightIds"))) {
                return refund.isPresent() ? handleRefund(event, type, refund.get()) : handle(event, type, intent);
            }
        });
    }

    /** A refund's news: the booking whose own payment it gives back follows it. */
    private String handleRefund(Event event, String type, Refund refund) {
        String result = "ignored";
        if (isPrintable(refund.getPaymentIntent()) && refund.getStatus() != null && refund.getAmount() != null) {
            result = refunds.refundUpdated(new RefundUpdate(event.getId(), type, refund.getId(), refund.getPaymentIntent(),
                    refund.getStatus(), refund.getAmount(), refund.getFailureReason())).name();
        }
        count(type, result.toLowerCase());
        log.info("Webhook {} {} for refund {} of {}: {} {}", event.getId(), type, refund.getId(),
                refund.getPaymentIntent(), refund.getStatus(), result.toLowerCase());
        return result;
    }

    private String handle(Event event, String type, Optional<PaymentIntent> intent) {
        String result = switch (type) {
            // An authorization (manual capture) is applied as a payment is, and captured on the sale.
            // Captured or not is the intent's status, not the event's type: only a succeeded one took
            // money, and one in any other status (canceled, say) buys nothing.
            case "payment_intent.succeeded", "payment_intent.amount_capturable_updated" -> intent
                    .filter(i -> "succeeded".equals(i.getStatus()) || "requires_capture".equals(i.getStatus()))
                    .map(i -> outcomes.succeeded(new PaymentSucceeded(event.getId(), i.getId(), bookingIdOf(i),
                            StripePaymentGateway.paidAmount(i), String.valueOf(i.getCurrency()),
                            "succeeded".equals(i.getStatus()))).name())
                    .orElse("ignored");
            case "payment_intent.payment_failed" -> intent
                    .map(i -> outcomes.failed(new PaymentFailed(event.getId(), i.getId(), bookingIdOf(i),
                            i.getLastPaymentError() == null ? "payment_failed" : i.getLastPaymentError().getCode())).name())
                    .orElse("ignored");
            default -> "ignored";
        };
        count(type, result.toLowerCase());
        log.info("Webhook {} {} for {}: {}", event.getId(), type, intent.map(PaymentIntent::getId).orElse("-"),
                result.toLowerCase());
        return result;
    }

    private static String metadataOf(@Nullable Map<String, String> metadata, String key) {
        return metadata == null ? "" : metadata.getOrDefault(key, "");
    }

    /**
     * The event's object (a PaymentIntent or a Refund). The SDK only deserializes events of its own
     * API release train; an endpoint pinned to another version still sends objects we can read, so
     * fall back to reading it anyway rather than acknowledge a payment we did not apply.
     */
    private static <T extends StripeObject> Optional<T> objectOf(Event event, Class<T> kind) {
        StripeObject object;
        try {
            var deserializer = event.getDataObjectDeserializer();
            object = deserializer.getObject().orElse(null);
            if (object == null) {
                object = deserializer.deserializeUnsafe();
            }
        } catch (EventDataObjectDeserializationException | RuntimeException e) {
            // The SDK's JSON reader throws whatever it meets on shapes it does not expect (a null or
            // array data.object, nulls where strings belong): the body is not an event we can use.
            throw new MalformedEvent();
        }
        if (kind.isInstance(object)) {
            if (!(object instanceof HasId identified) || !isPrintable(identified.getId())) {
                throw new MalformedEvent();
            }
            return Optional.of(kind.cast(object));
        }
        return Optional.empty();
    }

    /** Ids and types as the PSP sends them: 1-255 printable ASCII characters (no NUL, which PostgreSQL refuses). */
    private static boolean isPrintable(@Nullable String text) {
        return text != null && !text.isEmpty() && text.length() <= 255 && text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String bookingIdOf(PaymentIntent intent) {
        return intent.getMetadata() == null ? null : intent.getMetadata().get("bookingId");
    }

    private void count(String type, String result) {
        registry.counter("payment.webhook.total", "type", type, "result", result).increment();
    }
}
