package dev.seatbooking.payment;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Keeps a booking's story in one trace across the PSP: the payment start writes the claim's W3C
 * {@code traceparent} into the PaymentIntent's metadata, the PSP sends the intent back on its
 * webhook, and the webhook's handling continues that trace. Search the booking's trace id and you
 * find the claim, its Redis and database calls, the payment start and the confirm or failure.
 */
@Component
public class PaymentTracing {

    /** The metadata key the trace travels under; Stripe keeps metadata values up to 500 characters. */
    static final String TRACEPARENT = "traceparent";

    private final ObservationRegistry observations;
    private final ObjectProvider<Tracer> tracers;
    private final ObjectProvider<Propagator> propagators;

    PaymentTracing(ObservationRegistry observations, ObjectProvider<Tracer> tracers,
            ObjectProvider<Propagator> propagators) {
        this.observations = observations;
        this.tracers = tracers;
        this.propagators = propagators;
    }

    /**
     * The current trace's W3C headers (empty when nothing is traced), taken when a claim queues its
     * payment start: the start, run later, continues the claim's trace and sends these very headers
     * in the intent's metadata at every try, as the PSP refuses one idempotency key with other parameters.
     */
    public Map<String, String> currentTrace() {
        var tracer = tracers.getIfAvailable();
        var propagator = propagators.getIfAvailable();
        var span = tracer == null ? null : tracer.currentSpan();
        if (span == null || propagator == null) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(span.context(), headers, (carrier, key, value) -> {
            if (carrier != null && TRACEPARENT.equals(key)) {
                carrier.put(key, value);
            }
        });
        return Map.copyOf(headers);
    }

    /** Runs one try of a payment start as the span {@code payment.start} of the trace {@code claimTrace} carries. */
    public <T> T aroundPaymentStart(String bookingId, Map<String, String> claimTrace, Supplier<T> work) {
        // It consumes work the claim produced, in the claim's trace.
        var context = new ReceiverContext<Map<String, String>>((carrier, key) -> carrier.get(key), Kind.CONSUMER);
        context.setCarrier(claimTrace);
        return Observation.createNotStarted("payment.start", () -> context, observations)
                .highCardinalityKeyValue("booking.id", bookingId)
                .observe(work);
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
