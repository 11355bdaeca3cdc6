package dev.paymentsimulator;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * PSP faults on demand: the next N payment creations answer 500 {@code api_error}, as Stripe does
 * when it fails on its side, before anything is recorded ({@code POST /psp/outage?failNext=N}); and
 * the events of one booking are lost, as if every delivery failed
 * ({@code POST /psp/outage?silenceBooking=BK...}).
 */
@Component
class Outage {

    private final AtomicInteger failNext = new AtomicInteger();
    /** Bookings whose events are lost, as if every delivery attempt failed. */
    private final java.util.Set<String> silencedBookings = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void silence(String bookingId) {
        silencedBookings.add(bookingId);
    }

    boolean silenced(java.util.Map<String, ?> object) {
        return object.get("metadata") instanceof java.util.Map<?, ?> metadata
                && silencedBookings.contains(String.valueOf(metadata.get("bookingId")));
    }

    void failNext(int requests) {
        failNext.set(Math.max(0, requests));
    }

    void maybeFail() {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StripeError(500, "api_error", null, "Simulated outage: try again later.");
        }
    }
}
