package dev.seatbooking.payment;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When payment.webhook-secret (env PAYMENT_WEBHOOK_SECRET) is not set, makes a random one for this
 * run; and hands the secret to the in-process simulator (simulator.webhook-secret) unless that is
 * set. The secret never appears in a log line.
 */
class WebhookSecretEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> secrets = new HashMap<>();
        String secret = environment.getProperty("payment.webhook-secret");
        if (secret == null || secret.isBlank()) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            secrets.put("payment.webhook-secret", secret);
        }
        if (!environment.containsProperty("simulator.webhook-secret")) {
            secrets.put("simulator.webhook-secret", secret);
        }
        if (!secrets.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("generatedWebhookSecret", secrets));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
