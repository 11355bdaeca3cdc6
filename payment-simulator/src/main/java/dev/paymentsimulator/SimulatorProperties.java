package dev.paymentsimulator;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the simulator. The webhook URL and secret are read from the environment at each
 * delivery instead (simulator.webhook-url, simulator.webhook-secret), so they may refer to the
 * port the server got at start-up.
 *
 * @param apiKey the one secret key the simulator takes (simulator.api-key, env SIMULATOR_API_KEY);
 *     whoever starts it makes a random one per run when none is set. Without it every call is refused.
 * @param apiVersion the {@code api_version} put on events; the Stripe SDK checks it matches its own
 * @param eventDelayMin shortest wait before an outcome event is sent
 * @param eventDelayMax longest wait before an outcome event is sent
 * @param lateDelay wait before {@code pm_sim_late} succeeds: longer than the service's hold TTL
 * @param webhookAttempts deliveries tried per event before giving up
 * @param webhookFirstRetry wait before the second attempt; doubles after each failed attempt
 * @param retention how long intents, refunds, events and idempotency keys are kept (Stripe keeps
 *     idempotency keys 24 hours)
 * @param maxObjects the most of each kind kept at once; the oldest go first, so memory stays bounded
 * @param authorizationValidity how long an uncaptured authorization lives before the PSP cancels it
 *     (7 days for cards on Stripe); short in tests
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(
        @Nullable String apiKey,
        @DefaultValue("2026-07-29.dahlia") String apiVersion,
        @DefaultValue("1s") Duration eventDelayMin,
        @DefaultValue("5s") Duration eventDelayMax,
        @DefaultValue("6m") Duration lateDelay,
        @DefaultValue("8") int webhookAttempts,
        @DefaultValue("500ms") Duration webhookFirstRetry,
        @DefaultValue("24h") Duration retention,
        @DefaultValue("100000") int maxObjects,
        @DefaultValue("7d") Duration authorizationValidity) {
}
