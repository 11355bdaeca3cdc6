package dev.seatbooking;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The last spans the service finished, held in memory for the tests to read. Bounded, since the
 * whole suite runs in one context and its load tests finish hundreds of thousands of spans.
 */
public class RecentSpans implements SpanExporter {

    private static final int KEPT = 20_000;

    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> finished) {
        spans.addAll(finished);
        while (spans.size() > KEPT) {
            spans.pollFirst();
        }
        return CompletableResultCode.ofSuccess();
    }

    public List<SpanData> all() {
        return List.copyOf(spans);
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
