package dev.paymentsimulator;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The simulator on its own: {@code java -jar payment-simulator/target/payment-simulator-exec.jar
 * --simulator.webhook-url=http://127.0.0.1:8083/v1/payments/webhook --simulator.webhook-secret=whsec_...
 * --simulator.api-key=sk_test_...}. It listens on port 12111 with the Stripe paths at the root
 * (/v1/payment_intents ...). Without simulator.api-key it makes a key for the run and prints it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SimulatorConfiguration.class)
public class SimulatorApplication {

    public static void main(String[] args) {
        var app = new SpringApplication(SimulatorApplication.class);
        // A key of this run's own unless simulator.api-key (SIMULATOR_API_KEY) gives one: a test PSP
        // anyone could call would let anyone pay, or stop payments, for a client of it.
        String generatedKey = SimulatorKeys.newApiKey();
        app.setDefaultProperties(Map.of("server.port", "12111", "simulator.base-path", "",
                "simulator.api-key", generatedKey));
        var context = app.run(args);
        if (generatedKey.equals(context.getEnvironment().getProperty("simulator.api-key"))) {
            // As Spring Security prints its generated password: a throwaway key for a local test PSP.
            System.out.println("Simulator API key for this run (set simulator.api-key to choose one): " + generatedKey);
        }
    }
}
