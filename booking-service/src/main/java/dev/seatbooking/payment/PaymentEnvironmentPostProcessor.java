package dev.seatbooking.payment;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Completes and checks the payment settings before anything starts.
 * <ul>
 * <li>payment.webhook-secret (env PAYMENT_WEBHOOK_SECRET): random for this run when unset.
 * <li>The in-process simulator (simulator.enabled, off unless asked for) runs only in dev mode
 * (security.dev-tokens.enabled) and never beside a live PSP key: otherwise anyone could pay a
 * booking through it for a cent, read its books or stop its payments. Its API key is
 * simulator.api-key (env SIMULATOR_API_KEY), random for this run when unset; the service's adapter
 * uses it, and the simulator signs its events with the service's webhook secret.
 * <li>Without the simulator the PSP is Stripe (payment.api-base) and payment.api-key must be set.
 * </ul>
 * A setting that breaks these rules stops the start with a message that says which.
 * No secret ever appears in a log line.
 */
class PaymentEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String STRIPE = "https://api.stripe.com";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> settings = new HashMap<>();
        String secret = environment.getProperty("payment.webhook-secret");
        if (secret == null || secret.isBlank()) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            settings.put("payment.webhook-secret", secret);
        }
        boolean devMode = "true".equalsIgnoreCase(environment.getProperty("security.dev-tokens.enabled"));
        if (devMode && isLiveKey(environment.getProperty("payment.api-key"))) {
            throw new PaymentSettingsInvalid("Dev mode (security.dev-tokens.enabled=true) is on beside a live PSP key",
                    "Dev mode lets anyone take an admin token: with real money set SECURITY_DEV_TOKENS_ENABLED=false "
                            + "and an issuer (spring.security.oauth2.resourceserver.jwt.issuer-uri).");
        }
        if (environment.getProperty("simulator.enabled", Boolean.class, false)) {
            simulatorSettings(environment, settings, secret, devMode);
        } else {
            if (isBlank(environment.getProperty("payment.api-key"))) {
                throw new PaymentSettingsInvalid("payment.api-key (env PAYMENT_API_KEY) is not set",
                        "Set the PSP's secret key, or run in dev mode with the simulator (./run does).");
            }
            if (environment.getProperty("payment.api-base") == null) {
                settings.put("payment.api-base", STRIPE);
            }
        }
        // First: each setting here fills one that is unset or blank, and a blank one must not win.
        environment.getPropertySources().addFirst(new MapPropertySource("generatedPaymentSettings", settings));
    }

    /**
     * The simulator is on as its condition reads the flag; dev mode is on as DevTokens reads its
     * flag (the text "true" only), so "yes" or "1" cannot pass here while dev mode stays off.
     */
    private static void simulatorSettings(ConfigurableEnvironment environment, Map<String, Object> settings,
            String webhookSecret, boolean devMode) {
        if (!devMode) {
            throw new PaymentSettingsInvalid(
                    "The payment simulator is on (simulator.enabled=true) but dev mode is off",
                    "The simulator is for dev mode and tests only: set simulator.enabled=false and a PSP "
                            + "(payment.api-key, payment.api-base), or run in dev mode (security.dev-tokens.enabled=true).");
        }
        String apiKey = environment.getProperty("simulator.api-key");
        if (isBlank(apiKey)) {
            // The simulator's key shape (Stripe's test mode): it takes any key it is given.
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            apiKey = "sk_test_sim_" + HexFormat.of().formatHex(bytes);
            settings.put("simulator.api-key", apiKey);
        }
        String pspKey = environment.getProperty("payment.api-key");
        if (!isBlank(pspKey) && !pspKey.equals(apiKey)) {
            throw new PaymentSettingsInvalid("The payment simulator is on (simulator.enabled=true) beside a PSP key "
                    + "(payment.api-key)", "Use one or the other: set simulator.enabled=false to pay through the PSP, "
                    + "or leave payment.api-key unset to pay through the simulator.");
        }
        settings.put("payment.api-key", apiKey);
        if (environment.getProperty("payment.api-base") == null) {
            settings.put("payment.api-base", "http://127.0.0.1:${local.server.port}/psp");
        }
        if (!environment.containsProperty("simulator.webhook-secret")) {
            settings.put("simulator.webhook-secret", webhookSecret);
        }
    }

    private static boolean isLiveKey(String key) {
        return key != null && (key.startsWith("sk_live_") || key.startsWith("rk_live_"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
