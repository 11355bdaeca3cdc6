package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.BookingProperties;
import dev.seatbooking.system.ApiProblem;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.core.exception.AcquirePermissionCancelledException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Lets a bounded number of claims work at once; the rest wait their turn, first come first served
 * (a fair Resilience4j bulkhead). Every request runs on a virtual thread, so without this a flash
 * crowd of 10,000 buyers would be 10,000 claims all runnable at once on two cores, sharing the CPU,
 * the Redis connection and 20 database connections among them: each would take as long as the whole
 * crowd, and the database pool's waits would time out. Waiting here costs a parked virtual thread
 * and nothing else.
 */
@Component
class ClaimAdmission {

    static final class ServiceBusy extends ApiProblem {

        ServiceBusy() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_BUSY", "Too many claims at once; retry shortly");
        }
    }

    private final Bulkhead turns;
    /** Claims waiting for a turn, for {@code booking.claims.waiting}: the bulkhead does not count them. */
    private final AtomicInteger waiting = new AtomicInteger();

    ClaimAdmission(BookingProperties properties, MeterRegistry registry) {
        this.turns = Bulkhead.of("claims", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.maxConcurrentClaims())
                .maxWaitDuration(properties.claimQueueTimeout())
                .fairCallHandlingStrategyEnabled(true)
                // A crowd brings thousands of refusals: none needs its stack.
                .writableStackTraceEnabled(false)
                .build());
        registry.gauge("booking.claims.waiting", waiting);
    }

    <T> T inTurn(Supplier<T> claim) {
        waiting.incrementAndGet();
        try {
            turns.acquirePermission();
        } catch (BulkheadFullException | AcquirePermissionCancelledException e) {
            throw new ServiceBusy();
        } finally {
            waiting.decrementAndGet();
        }
        try {
            return claim.get();
        } finally {
            turns.onComplete();
        }
    }
}
