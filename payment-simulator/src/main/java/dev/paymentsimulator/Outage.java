package dev.paymentsimulator;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * A PSP outage on demand: the next N payment creations answer 500 {@code api_error}, as Stripe does
 * when it fails on its side, before anything is recorded. Set with {@code POST /psp/outage?failNext=N}.
 */
@Component
class Outage {

    private final AtomicInteger failNext = new AtomicInteger();

    void failNext(int requests) {
        failNext.set(Math.max(0, requests));
    }

    void maybeFail() {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StripeError(500, "api_error", null, "Simulated outage: try again later.");
        }
    }
}
