package dev.seatbooking.payment;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Serves the payment simulator at /psp in this process, in dev mode only (./run and the tests set
 * simulator.enabled=true; {@link PaymentEnvironmentPostProcessor} refuses it anywhere else).
 * The simulator is a runtime dependency: imported by name, so no service code can call into it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "simulator.enabled")
@Import(InProcessSimulator.SimulatorConfigurationByName.class)
class InProcessSimulator {

    static class SimulatorConfigurationByName implements ImportSelector {

        @Override
        public String[] selectImports(AnnotationMetadata importingClass) {
            return new String[] {"dev.paymentsimulator.SimulatorConfiguration"};
        }
    }
}
