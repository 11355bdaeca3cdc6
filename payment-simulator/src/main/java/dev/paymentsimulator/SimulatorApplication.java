package dev.paymentsimulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The simulator on its own: {@code java -jar payment-simulator/target/payment-simulator-exec.jar
 * --simulator.webhook-url=http://127.0.0.1:8083/v1/payments/webhook --simulator.webhook-secret=whsec_...}.
 * It listens on port 12111 with the Stripe paths at the root (/v1/payment_intents ...).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SimulatorConfiguration.class)
public class SimulatorApplication {

    public static void main(String[] args) {
        var app = new SpringApplication(SimulatorApplication.class);
        app.setDefaultProperties(java.util.Map.of("server.port", "12111", "simulator.base-path", ""));
        app.run(args);
    }
}
