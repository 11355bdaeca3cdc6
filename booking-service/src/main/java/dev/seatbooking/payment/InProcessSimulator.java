package dev.seatbooking.payment;

import dev.paymentsimulator.SimulatorConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Serves the payment simulator at /psp in this process, in dev mode only (./run and the tests set
 * simulator.enabled=true; {@link PaymentEnvironmentPostProcessor} refuses it anywhere else).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "simulator.enabled")
@Import(SimulatorConfiguration.class)
class InProcessSimulator {
}
