package dev.seatbooking.payment;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/payments/webhook}: the PSP's events. The body is taken raw, since the signature
 * covers its exact bytes. A 200 tells the PSP the event took effect (or needs none); anything else
 * makes it deliver again later.
 */
@RestController
class PaymentWebhookController {

    private final PaymentWebhooks webhooks;

    PaymentWebhookController(PaymentWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping("/v1/payments/webhook")
    ResponseEntity<Void> receive(@RequestHeader(name = "Stripe-Signature", required = false) String signature,
            @RequestBody String payload) {
        webhooks.receive(payload, signature);
        return ResponseEntity.ok().build();
    }
}
