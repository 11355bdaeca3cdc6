package dev.paymentsimulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A PaymentIntent in the ledger. Its status moves under the intent's own lock. */
final class Intent {

    final String id;
    final long amount;
    final String currency;
    final String paymentMethod;
    final Map<String, String> metadata;
    final long created;
    private String status;
    private Map<String, Object> lastPaymentError;
    private String latestCharge;
    private Long canceledAt;
    private long amountRefunded;

    Intent(String id, long amount, String currency, String paymentMethod, Map<String, String> metadata) {
        this.id = id;
        this.amount = amount;
        this.currency = currency;
        this.paymentMethod = paymentMethod;
        this.metadata = Map.copyOf(metadata);
        this.created = Instant.now().getEpochSecond();
        this.status = "requires_confirmation";
    }

    synchronized String status() {
        return status;
    }

    synchronized void succeed() {
        status = "succeeded";
        lastPaymentError = null;
        latestCharge = "ch_" + id.substring(3);
    }

    synchronized void processing() {
        status = "processing";
    }

    synchronized void decline(Map<String, Object> error) {
        status = "requires_payment_method";
        lastPaymentError = error;
    }

    /** Only as Stripe allows: an intent still processing or already succeeded cannot be canceled. */
    synchronized boolean cancel() {
        if (status.equals("succeeded") || status.equals("processing")) {
            return false;
        }
        if (!status.equals("canceled")) {
            status = "canceled";
            canceledAt = Instant.now().getEpochSecond();
        }
        return true;
    }

    /** Takes a refund of the given amount if that much is left to refund. */
    synchronized boolean refund(long refundAmount) {
        if (!status.equals("succeeded") || amountRefunded + refundAmount > amount) {
            return false;
        }
        amountRefunded += refundAmount;
        return true;
    }

    synchronized Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", id);
        json.put("object", "payment_intent");
        json.put("amount", amount);
        json.put("amount_received", status.equals("succeeded") ? amount : 0);
        json.put("capture_method", "automatic");
        json.put("confirmation_method", "automatic");
        json.put("client_secret", id + "_secret_sim");
        json.put("created", created);
        json.put("currency", currency);
        json.put("canceled_at", canceledAt);
        json.put("cancellation_reason", canceledAt == null ? null : "requested_by_customer");
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
