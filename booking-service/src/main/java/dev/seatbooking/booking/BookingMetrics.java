package dev.seatbooking.booking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The claim meters of DESIGN section 7 ({@code booking.claim.total{result,reason}},
 * {@code booking.claim.duration{result}}) and {@code bookings.created.total{status}}, the number
 * of bookings entering each status.
 */
@Component
public class BookingMetrics {

    public static final String NO_REASON = "NONE";

    private final MeterRegistry registry;

    /** Claims whose commit failed in a way that may have landed: their holds wait for the database's word. */
    private final AtomicInteger claimsInDoubt = new AtomicInteger();

    private final Counter refusedFromMemory;

    BookingMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("booking.claims.in_doubt", claimsInDoubt);
        this.refusedFromMemory = Counter.builder("inventory.claims.refused_from_memory")
                .description("Claims refused NO_SEATS from a recent answer of Redis, without asking it again")
                .register(registry);
    }

    public void refusedFromMemory() {
        refusedFromMemory.increment();
    }

    public Timer.Sample start() {
        return Timer.start(registry);
    }

    /** result: success, failure (a business answer such as NO_SEATS) or error (something broke). */
    public void claim(Timer.Sample sample, String result, String reason) {
        sample.stop(Timer.builder("booking.claim.duration").tag("result", result).register(registry));
        registry.counter("booking.claim.total", "result", result, "reason", reason).increment();
    }

    public void claimInDoubt(int change) {
        claimsInDoubt.addAndGet(change);
    }

    void entered(BookingStatus status, int bookings) {
        registry.counter("bookings.created.total", "status", status.name()).increment(bookings);
    }
}
