package dev.seatbooking.system;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/circuit-breakers}: each dependency's breaker on this instance (redis, psp)
 * and the failure rate of its last calls (-1 until it has had enough calls to judge).
 */
@RestController
class CircuitBreakersController {

    record BreakerView(String name, String state, float failureRate) {
    }

    private final CircuitBreakerRegistry breakers;

    CircuitBreakersController(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    @GetMapping("/v1/admin/circuit-breakers")
    List<BreakerView> breakers() {
        return breakers.getAllCircuitBreakers().stream()
                .map(b -> new BreakerView(b.getName(), b.getState().name(), b.getMetrics().getFailureRate()))
                .sorted(Comparator.comparing(BreakerView::name))
                .toList();
    }
}
