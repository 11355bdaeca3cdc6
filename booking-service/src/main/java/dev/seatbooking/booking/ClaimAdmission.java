package dev.seatbooking.booking;

import dev.seatbooking.system.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Lets a bounded number of claims work at once; the rest wait their turn, first come first served.
 * Every request runs on a virtual thread, so without this a flash crowd of 10,000 buyers would be
 * 10,000 claims all runnable at once on two cores, sharing the CPU, the Redis connection and 20
 * database connections among them: each would take as long as the whole crowd, and the database
 * pool's waits would time out. Waiting here costs a parked virtual thread and nothing else.
 */
@Component
class ClaimAdmission {

    static final class ServiceBusy extends ApiProblem {

        ServiceBusy() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_BUSY", "Too many claims at once; retry shortly");
        }
    }

    private final Semaphore turns;
    private final Duration queueTimeout;

    ClaimAdmission(BookingProperties properties, MeterRegistry registry) {
        this.turns = new Semaphore(properties.maxConcurrentClaims(), true);
        this.queueTimeout = properties.claimQueueTimeout();
        registry.gauge("booking.claims.waiting", turns, Semaphore::getQueueLength);
    }

    <T> T inTurn(Supplier<T> claim) {
        boolean admitted;
        try {
            admitted = turns.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceBusy();
        }
        if (!admitted) {
            throw new ServiceBusy();
        }
        try {
            return claim.get();
        } finally {
            turns.release();
        }
    }
}
