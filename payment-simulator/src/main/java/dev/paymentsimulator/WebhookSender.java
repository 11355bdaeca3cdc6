package dev.paymentsimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Delivers events as Stripe does: an HTTP POST of the event JSON with a {@code Stripe-Signature:
 * t=...,v1=...} header (HMAC-SHA256 of "t.payload" with the endpoint secret), signed afresh on
 * every attempt. No 2xx answer means another attempt after a backoff that doubles, up to
 * simulator.webhook-attempts attempts.
 */
@Component
class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final Environment environment;
    private final SimulatorProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("simulator-webhooks").daemon().factory());
    private final AtomicLong delivered = new AtomicLong();
    /** Events due, scheduled or being delivered, not yet delivered nor given up. */
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    WebhookSender(Environment environment, SimulatorProperties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    /** Sends the event after the delay, in the background. */
    void send(String eventId, String payload, Duration delay) {
        pending.incrementAndGet();
        scheduler.schedule(() -> attempt(eventId, payload, 1), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An outcome is due later (a delayed or late success): it counts as pending until it is sent. */
    void expectLater() {
        pending.incrementAndGet();
    }

    void expectationMet() {
        pending.decrementAndGet();
    }

    long pending() {
        return pending.get();
    }

    long delivered() {
        return delivered.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    private void attempt(String eventId, String payload, int attempt) {
        // Delivery runs on a virtual thread so a slow endpoint never holds up other events.
        Thread.ofVirtual().start(() -> {
            int status = post(payload);
            if (status >= 200 && status < 300) {
                delivered.incrementAndGet();
                pending.decrementAndGet();
                return;
            }
            failedAttempts.incrementAndGet();
            if (attempt >= properties.webhookAttempts()) {
                log.warn("Gave up on event {} after {} attempts (last answer {})", eventId, attempt, status);
                pending.decrementAndGet();
                return;
            }
            long backoff = properties.webhookFirstRetry().toMillis() << (attempt - 1);
            log.info("Event {} attempt {} answered {}; retrying in {} ms", eventId, attempt, status, backoff);
            scheduler.schedule(() -> attempt(eventId, payload, attempt + 1), backoff, TimeUnit.MILLISECONDS);
        });
    }

    /** The answer's status, or -1 when the endpoint could not be reached. */
    private int post(String payload) {
        String url = environment.getProperty("simulator.webhook-url");
        String secret = environment.getProperty("simulator.webhook-secret");
        if (url == null || secret == null) {
            log.warn("simulator.webhook-url or simulator.webhook-secret is not set; event not sent");
            return -1;
        }
        long timestamp = Instant.now().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", "t=" + timestamp + ",v1=" + sign(secret, timestamp + "." + payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String sign(String secret, String signedPayload) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
