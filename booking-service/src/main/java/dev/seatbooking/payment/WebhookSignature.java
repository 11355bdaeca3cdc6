package dev.seatbooking.payment;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Checks a webhook's {@code Stripe-Signature} over the raw body with the endpoint secret
 * (payment.webhook-secret), and that its timestamp is within payment.webhook-tolerance. During a
 * rotation payment.webhook-previous-secret is accepted too, so instances can move to the new secret
 * one by one while the PSP still signs with the old (docs/security.md). Secrets are read from the
 * environment and never logged.
 */
@Component
class WebhookSignature {

    private final Environment environment;
    private final PaymentProperties properties;

    WebhookSignature(Environment environment, PaymentProperties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    Event verify(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new InvalidSignature();
        }
        try {
            return verify(payload, signatureHeader, environment.getRequiredProperty("payment.webhook-secret"));
        } catch (InvalidSignature e) {
            String previous = environment.getProperty("payment.webhook-previous-secret");
            if (previous == null || previous.isBlank()) {
                throw e;
            }
            return verify(payload, signatureHeader, previous);
        }
    }

    private Event verify(String payload, String signatureHeader, String secret) {
        try {
            return Webhook.constructEvent(payload, signatureHeader, secret, properties.webhookTolerance().toSeconds());
        } catch (SignatureVerificationException | NumberFormatException e) {
            // A header such as t=abc makes the SDK throw NumberFormatException: still a bad signature.
            throw new InvalidSignature();
        } catch (RuntimeException e) {
            // The signature held but the body is not an event: the sender is broken, not forged.
            throw new MalformedEvent();
        }
    }
}
