package dev.seatbooking.payment;

import dev.paymentsimulator.SimulatorConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Serves the payment simulator at /psp in this process (the default run and the tests). Set
 * simulator.enabled=false, payment.api-base=https://api.stripe.com and real keys to use Stripe.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "simulator.enabled", matchIfMissing = true)
@Import(SimulatorConfiguration.class)
class InProcessSimulator {
}
