package dev.seatbooking.payment;

import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private final MeterRegistry registry;

    PaymentWebhooks(WebhookSignature signature, PaymentOutcomes outcomes, MeterRegistry registry) {
        this.signature = signature;
        this.outcomes = outcomes;
        this.registry = registry;
    }

    void receive(String payload, String signatureHeader) {
        com.stripe.model.Event event;
        try {
            event = signature.verify(payload, signatureHeader);
        } catch (InvalidSignature e) {
            count("unknown", "rejected");
            throw e;
        }
        if (event.getId() == null || event.getId().isBlank() || event.getId().length() > 255 || event.getType() == null
                || event.getData() == null || event.getApiVersion() == null) {
            count("unknown", "malformed");
            throw new MalformedEvent();
        }
        String type = event.getType();
        String result = switch (type) {
            case "payment_intent.succeeded" -> intentOf(event)
                    .map(i -> outcomes.succeeded(new PaymentSucceeded(event.getId(), i.getId(), bookingIdOf(i))).name())
                    .orElse("ignored");
            case "payment_intent.payment_failed" -> intentOf(event)
                    .map(i -> outcomes.failed(new PaymentFailed(event.getId(), i.getId(), bookingIdOf(i),
                            i.getLastPaymentError() == null ? "payment_failed" : i.getLastPaymentError().getCode())).name())
                    .orElse("ignored");
            default -> "ignored";
        };
        count(type, result.toLowerCase());
        log.info("Webhook {} {} for {}: {}", event.getId(), type, intentIdOf(event), result.toLowerCase());
    }

    /**
     * The event's PaymentIntent. The SDK only deserializes events of its own API release train; an
     * endpoint pinned to another version still sends intents we can read, so fall back to reading it
     * anyway rather than acknowledge a payment we did not apply.
     */
    private static java.util.Optional<PaymentIntent> intentOf(com.stripe.model.Event event) {
        var deserializer = event.getDataObjectDeserializer();
        StripeObject object = deserializer.getObject().orElse(null);
        if (object == null) {
            try {
                object = deserializer.deserializeUnsafe();
            } catch (com.stripe.exception.EventDataObjectDeserializationException | RuntimeException e) {
                throw new MalformedEvent();
            }
        }
        return object instanceof PaymentIntent intent ? java.util.Optional.of(intent) : java.util.Optional.empty();
    }

    private static String intentIdOf(com.stripe.model.Event event) {
        return event.getType().startsWith("payment_intent.") ? intentOf(event).map(PaymentIntent::getId).orElse("-") : "-";
    }

    private static String bookingIdOf(PaymentIntent intent) {
        return intent.getMetadata() == null ? null : intent.getMetadata().get("bookingId");
    }

    private void count(String type, String result) {
        registry.counter("payment.webhook.total", "type", type, "result", result).increment();
    }
}
