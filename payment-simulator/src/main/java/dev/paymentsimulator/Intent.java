package dev.paymentsimulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PaymentIntent in the ledger. Its status moves under the intent's own lock. With
 * {@code capture_method=manual} a successful payment stops at {@code requires_capture} (the money is
 * authorized, not taken) until it is captured, canceled, or its authorization expires.
 */
final class Intent {

    final String id;
    final String currency;
    final long created;
    final boolean manualCapture;
    /**
     * How long its authorization lives, and the ledger that made it (whose webhook URL its events
     * go to): the books are shared by every simulator in a JVM (tests run several services), each
     * with its own settings.
     */
    final Duration authorizationValidity;
    final Ledger madeBy;
    private long amount;
    private String paymentMethod;
    private final Map<String, String> metadata;
    private String status;
    private Map<String, Object> lastPaymentError;
    private String latestCharge;
    private Long canceledAt;
    private Instant authorizedAt;
    private String cancellationReason;
    private long amountCapturable;
    private long amountReceived;
    private long amountRefunded;

    Intent(String id, long amount, String currency, String paymentMethod, Map<String, String> metadata,
            boolean manualCapture, Duration authorizationValidity, Ledger madeBy) {
        this.id = id;
        this.authorizationValidity = authorizationValidity;
        this.madeBy = madeBy;
        this.amount = amount;
        this.currency = currency;
        this.paymentMethod = paymentMethod;
        this.metadata = new TreeMap<>(metadata);
        this.manualCapture = manualCapture;
        this.created = Instant.now().getEpochSecond();
        this.status = "requires_confirmation";
    }

    synchronized String status() {
        return status;
    }

    synchronized String paymentMethod() {
        return paymentMethod;
    }

    synchronized Map<String, String> metadata() {
        return Map.copyOf(metadata);
    }

    /**
     * Stripe's update: metadata keys merged, an empty value removes its key; the amount only before
     * the payment went through. False when the amount can no longer change.
     */
    synchronized boolean update(Long newAmount, Map<String, String> metadataChanges) {
        if (newAmount != null && !(status.equals("requires_confirmation") || status.equals("requires_payment_method"))) {
            return false;
        }
        if (newAmount != null) {
            amount = newAmount;
        }
        metadataChanges.forEach((key, value) -> {
            if (value.isEmpty()) {
                metadata.remove(key);
            } else {
                metadata.put(key, value);
            }
        });
        return true;
    }

    /**
     * Takes the intent to confirmation with {@code newPaymentMethod} (or its own), only from
     * {@code requires_confirmation} or {@code requires_payment_method}, as on Stripe. False otherwise.
     */
    synchronized boolean startConfirm(String newPaymentMethod) {
        if (!(status.equals("requires_confirmation") || status.equals("requires_payment_method"))) {
            return false;
        }
        if (newPaymentMethod != null) {
            paymentMethod = newPaymentMethod;
        }
        status = "requires_confirmation";
        return true;
    }

    /**
     * The payment went through: taken at once ({@code succeeded}), or only authorized
     * ({@code requires_capture}) when the intent captures manually. Answers the event that says so,
     * decided under the lock, so a capture or cancel right after cannot change which one is sent.
     */
    synchronized String succeed() {
        lastPaymentError = null;
        latestCharge = "ch_" + id.substring(3);
        if (manualCapture) {
            status = "requires_capture";
            amountCapturable = amount;
            authorizedAt = Instant.now();
            return "payment_intent.amount_capturable_updated";
        }
        status = "succeeded";
        amountReceived = amount;
        return "payment_intent.succeeded";
    }

    /** As {@link #succeed}, only for an intent still processing; null when it no longer is. */
    synchronized String succeedIfProcessing() {
        return status.equals("processing") ? succeed() : null;
    }

    synchronized void processing() {
        status = "processing";
    }

    synchronized void decline(Map<String, Object> error) {
        status = "requires_payment_method";
        lastPaymentError = error;
    }

    enum Capture { CAPTURED, NOT_CAPTURABLE, TOO_LARGE, REFUSED_BY_ISSUER }

    /**
     * Takes {@code amountToCapture} of the authorization (all of it when null); the rest is released,
     * as on Stripe. An issuer that refuses the capture ends the authorization: it is canceled.
     */
    synchronized Capture capture(Long amountToCapture, boolean issuerRefuses) {
        if (!status.equals("requires_capture")) {
            return Capture.NOT_CAPTURABLE;
        }
        long taken = amountToCapture == null ? amountCapturable : amountToCapture;
        if (taken > amountCapturable) {
            return Capture.TOO_LARGE;
        }
        if (issuerRefuses) {
            cancelNow("automatic");
            return Capture.REFUSED_BY_ISSUER;
        }
        amountReceived = taken;
        amountCapturable = 0;
        status = "succeeded";
        return Capture.CAPTURED;
    }

    enum Cancel { CANCELED, ALREADY_CANCELED, NOT_CANCELABLE }

    /**
     * Only as Stripe allows: an intent still processing or already succeeded cannot be canceled; an
     * authorization ({@code requires_capture}) can, which releases it.
     */
    synchronized Cancel cancel(String reason) {
        if (status.equals("succeeded") || status.equals("processing")) {
            return Cancel.NOT_CANCELABLE;
        }
        if (status.equals("canceled")) {
            return Cancel.ALREADY_CANCELED;
        }
        cancelNow(reason);
        return Cancel.CANCELED;
    }

    /** Cancels an authorization older than its validity, as the PSP does; true if it did so now. */
    synchronized boolean expireAuthorization(Instant now) {
        if (status.equals("requires_capture") && !now.isBefore(authorizedAt.plus(authorizationValidity))) {
            cancelNow("automatic");
            return true;
        }
        return false;
    }

    private void cancelNow(String reason) {
        status = "canceled";
        canceledAt = Instant.now().getEpochSecond();
        cancellationReason = reason;
        amountCapturable = 0;
    }

    /** Takes a refund of the given amount if that much of what was captured is left to refund. */
    synchronized boolean refund(long refundAmount) {
        if (!status.equals("succeeded") || refundAmount <= 0 || amountRefunded + refundAmount > amountReceived) {
            return false;
        }
        amountRefunded += refundAmount;
        return true;
    }

    /** As {@link #refund(long)}, of all that is left when {@code refundAmount} is null; 0 when nothing was taken. */
    synchronized long refund(Long refundAmount) {
        long taken = refundAmount == null ? amountReceived - amountRefunded : refundAmount;
        return refund(taken) ? taken : 0;
    }

    /** A refund that failed at the bank: the money stayed with the merchant and may be refunded again. */
    synchronized void refundFailed(long refundAmount) {
        amountRefunded -= refundAmount;
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
        json.put("metadata", Map.copyOf(metadata));
        json.put("payment_method", paymentMethod);
        json.put("payment_method_types", List.of("card"));
        json.put("status", status);
        return json;
    }
}
