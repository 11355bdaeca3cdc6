package dev.seatbooking.payment;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Keeps a booking's story in one trace across the PSP: the payment start writes the trace's W3C
 * {@code traceparent} into the PaymentIntent's metadata, the PSP sends the intent back on its
 * webhook, and the webhook's handling continues that trace. Search the booking's trace id and you
 * find the claim, its Redis and database calls, the payment start and the confirm or failure.
 */
@Component
public class PaymentTracing {

    /** The metadata key the trace travels under; Stripe keeps metadata values up to 500 characters. */
    static final String TRACEPARENT = "traceparent";

    private final ObservationRegistry observations;

    PaymentTracing(ObservationRegistry observations) {
        this.observations = observations;
    }

    /**
     * Runs a payment start as the span {@code payment.start} of the current trace; {@code work} gets
     * the trace's headers for the intent's metadata (empty when tracing is off). They are fixed for
     * the whole start, retries included: the PSP refuses one idempotency key with other parameters.
     */
    public void aroundPaymentStart(String bookingId, Consumer<Map<String, String>> work) {
        Map<String, String> headers = new HashMap<>();
        var context = new SenderContext<Map<String, String>>((carrier, key, value) -> {
            if (TRACEPARENT.equals(key)) {
                carrier.put(key, value);
            }
        }, Kind.CLIENT);
        context.setCarrier(headers);
        context.setRemoteServiceName("psp");
        Observation.createNotStarted("payment.start", () -> context, observations)
                .highCardinalityKeyValue("booking.id", bookingId)
                .observe(() -> work.accept(Map.copyOf(headers)));
    }

    /** Runs a webhook's handling as the span {@code payment.webhook} of the trace its intent carries. */
    <T> T inTraceOf(@Nullable Map<String, String> metadata, String eventType, Supplier<T> work) {
        var context = new ReceiverContext<Map<String, String>>((carrier, key) -> carrier.get(key), Kind.CONSUMER);
        context.setCarrier(metadata == null ? Map.of() : metadata);
        context.setRemoteServiceName("psp");
        return Observation.createNotStarted("payment.webhook", () -> context, observations)
                .lowCardinalityKeyValue("event.type", eventType)
                .observe(work);
    }
}
