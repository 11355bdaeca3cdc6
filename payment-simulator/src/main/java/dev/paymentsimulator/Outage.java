package dev.paymentsimulator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * PSP faults on demand: the next N payment creations answer 500 {@code api_error}, as Stripe does
 * when it fails on its side, before anything is recorded ({@code POST /psp/outage?failNext=N}); and
 * the events of one booking are lost, as if every delivery failed
 * ({@code POST /psp/outage?silenceBooking=BK...}); and the next payment creation answers only after a
 * while ({@code POST /psp/outage?slowNextMillis=2000}).
 */
@Component
class Outage {

    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicReference<Duration> slowNext =
            new AtomicReference<>(Duration.ZERO);
    /** Bookings whose events are lost, as if every delivery attempt failed. */
    private final Set<String> silencedBookings = ConcurrentHashMap.newKeySet();

    void silence(String bookingId) {
        silencedBookings.add(bookingId);
    }

    boolean silenced(Map<String, ?> object) {
        return object.get("metadata") instanceof Map<?, ?> metadata
                && silencedBookings.contains(String.valueOf(metadata.get("bookingId")));
    }

    void failNext(int requests) {
        failNext.set(Math.max(0, requests));
    }

    void slowNext(Duration delay) {
        slowNext.set(delay);
    }

    /** Before a payment creation: the fault asked for, if any. */
    void beforeCreate() {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StripeError(500, "api_error", null, "Simulated outage: try again later.");
        }
        var delay = slowNext.getAndSet(Duration.ZERO);
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
