package dev.paymentsimulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PaymentIntent in the ledger. Its status moves under the intent's own lock. With
 * {@code capture_method=manual} a successful payment stops at {@code requires_capture} (the money is
 * authorized, not taken) until it is captured, canceled, or its authorization expires.
 */
final class Intent {

    final String id;
    final long amount;
    final String currency;
    final String paymentMethod;
    final Map<String, String> metadata;
    final long created;
    final boolean manualCapture;
    private String status;
    private Map<String, Object> lastPaymentError;
    private String latestCharge;
    private Long canceledAt;
    private String cancellationReason;
    private long amountCapturable;
    private long amountReceived;
    private long amountRefunded;

    Intent(String id, long amount, String currency, String paymentMethod, Map<String, String> metadata,
            boolean manualCapture) {
        this.id = id;
        this.amount = amount;
        this.currency = currency;
        this.paymentMethod = paymentMethod;
        this.metadata = Map.copyOf(metadata);
        this.manualCapture = manualCapture;
        this.created = Instant.now().getEpochSecond();
        this.status = "requires_confirmation";
    }

    synchronized String status() {
        return status;
    }

    /**
     * The payment went through: taken at once ({@code succeeded}), or only authorized
     * ({@code requires_capture}) when the intent captures manually.
     */
    synchronized void succeed() {
        lastPaymentError = null;
        latestCharge = "ch_" + id.substring(3);
        if (manualCapture) {
            status = "requires_capture";
            amountCapturable = amount;
        } else {
            status = "succeeded";
            amountReceived = amount;
        }
    }

    synchronized void processing() {
        status = "processing";
    }

    synchronized void decline(Map<String, Object> error) {
        status = "requires_payment_method";
        lastPaymentError = error;
    }

    /**
     * Takes {@code amountToCapture} of the authorization (all of it when null); the rest is released,
     * as on Stripe. Answers null when done, else why not (a Stripe error's code).
     */
    synchronized String capture(Long amountToCapture) {
        if (!status.equals("requires_capture")) {
            return "payment_intent_unexpected_state";
        }
        long taken = amountToCapture == null ? amountCapturable : amountToCapture;
        if (taken > amountCapturable) {
            return "amount_too_large";
        }
        amountReceived = taken;
        amountCapturable = 0;
        status = "succeeded";
        return null;
    }

    /**
     * Only as Stripe allows: an intent still processing or already succeeded cannot be canceled; an
     * authorization ({@code requires_capture}) can, which releases it.
     */
    synchronized boolean cancel(String reason) {
        if (status.equals("succeeded") || status.equals("processing")) {
            return false;
        }
        if (!status.equals("canceled")) {
            status = "canceled";
            canceledAt = Instant.now().getEpochSecond();
            cancellationReason = reason;
            amountCapturable = 0;
        }
        return true;
    }

    /** Takes a refund of the given amount if that much of what was captured is left to refund. */
    synchronized boolean refund(long refundAmount) {
        if (!status.equals("succeeded") || amountRefunded + refundAmount > amountReceived) {
            return false;
        }
        amountRefunded += refundAmount;
        return true;
    }

    synchronized long refundable() {
        return amountReceived - amountRefunded;
    }

    synchronized Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", id);
        json.put("object", "payment_intent");
        json.put("amount", amount);
        json.put("amount_capturable", amountCapturable);
        json.put("amount_received", amountReceived);
        json.put("capture_method", manualCapture ? "manual" : "automatic");
        json.put("confirmation_method", "automatic");
        json.put("client_secret", id + "_secret_sim");
        json.put("created", created);
        json.put("currency", currency);
        json.put("canceled_at", canceledAt);
        json.put("cancellation_reason", cancellationReason);
        json.put("last_payment_error", lastPaymentError);
        json.put("latest_charge", latestCharge);
        json.put("livemode", false);
        json.put("metadata", metadata);
        json.put("payment_method", paymentMethod);
        json.put("payment_method_types", List.of("card"));
        json.put("status", status);
        return json;
    }
}
