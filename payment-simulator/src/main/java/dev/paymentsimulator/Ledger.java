package dev.paymentsimulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's books: every PaymentIntent and Refund it made, and the events it sent. Outcomes
 * of test payment methods are scheduled here.
 */
@Component
class Ledger implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the simulator remembers; each kind forgets its oldest past the retention or the cap. */
    private record Books(RecentObjects<Intent> intents, RecentObjects<Map<String, Object>> refunds,
            RecentObjects<Map<String, Object>> events) {
    }

    // One set of books per JVM, like one PSP account: several application contexts in one test JVM
    // (or two service instances sharing a simulator) see the same intents and refunds. The first
    // simulator of the JVM sets its retention and cap.
    private static Books books;

    private final RecentObjects<Intent> intents;
    private final RecentObjects<Map<String, Object>> refunds;
    private final RecentObjects<Map<String, Object>> events;
    private final SimulatorProperties properties;
    private final WebhookSender webhooks;
    private final JsonMapper json;
    private final Outage outage;
    /**
     * Lapses authorizations and fails refunds later; several contexts may sweep the same books, and
     * each intent lapses once.
     */
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("simulator-ledger").daemon().factory());

    Ledger(SimulatorProperties properties, WebhookSender webhooks, JsonMapper json, Outage outage) {
        this.properties = properties;
        this.webhooks = webhooks;
        this.json = json;
        this.outage = outage;
        var shared = books(properties);
        this.intents = shared.intents();
        this.refunds = shared.refunds();
        this.events = shared.events();
        // A tenth of the validity, within 100 ms and a minute: an expiry is seen about on time.
        long sweepMillis = Math.clamp(properties.authorizationValidity().toMillis() / 10, 100L, 60_000L);
        scheduler.scheduleWithFixedDelay(this::sweepAuthorizations, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    private static synchronized Books books(SimulatorProperties properties) {
        if (books == null) {
            books = new Books(new RecentObjects<>(properties.retention(), properties.maxObjects()),
                    new RecentObjects<>(properties.retention(), properties.maxObjects()),
                    new RecentObjects<>(properties.retention(), properties.maxObjects()));
        }
        return books;
    }

    /**
     * Creates the intent and, when confirm is asked for, runs the payment method's script. With
     * {@code manualCapture} a payment that goes through is only authorized ({@code requires_capture},
     * event {@code payment_intent.amount_capturable_updated}) until {@link #capture}.
     */
    Intent create(long amount, String currency, String paymentMethodId, boolean confirm, Map<String, String> metadata,
            boolean manualCapture) {
        method(paymentMethodId);
        refuseBelowMinimum(amount, currency);
        var intent = new Intent("pi_" + randomId(), amount, currency, paymentMethodId, metadata, manualCapture,
                properties.authorizationValidity(), this);
        intents.put(intent.id, intent);
        if (confirm) {
            runPayment(intent);
        }
        return intent;
    }

    /** Stripe's update of an intent: its metadata, and its amount until the payment went through. */
    Intent update(String id, Long amount, Map<String, String> metadata) {
        var intent = intent(id);
        if (amount != null) {
            refuseBelowMinimum(amount, intent.currency);
        }
        if (!intent.update(amount, metadata)) {
            throw StripeError.invalidRequest("payment_intent_unexpected_state", "The amount of a PaymentIntent "
                    + "with a status of " + intent.status() + " cannot be changed.", "amount")
                    .with("payment_intent", intent.toJson());
        }
        return intent;
    }

    /** Stripe's confirm: runs the payment method's script, with a new method if one is given. */
    Intent confirm(String id, String paymentMethodId) {
        var intent = intent(id);
        if (paymentMethodId != null) {
            method(paymentMethodId);
        }
        if (!intent.startConfirm(paymentMethodId)) {
            throw StripeError.invalidRequest("payment_intent_unexpected_state", "This PaymentIntent's status is "
                    + intent.status() + ", so it cannot be confirmed.", null).with("payment_intent", intent.toJson());
        }
        runPayment(intent);
        return intent;
    }

    private static TestPaymentMethod method(String paymentMethodId) {
        return TestPaymentMethod.of(paymentMethodId).orElseThrow(() -> StripeError.invalidRequest(
                "resource_missing", "No such PaymentMethod: '" + paymentMethodId + "'", "payment_method"));
    }

    private static void refuseBelowMinimum(long amount, String currency) {
        MinimumAmounts.of(currency).filter(minimum -> amount < minimum).ifPresent(minimum -> {
            throw StripeError.invalidRequest("amount_too_small", "Amount must be at least " + minimum + " "
                    + currency + " in its smallest unit", "amount");
        });
    }

    /** What the intent's payment method does when the intent is confirmed. */
    private void runPayment(Intent intent) {
        switch (method(intent.paymentMethod())) {
            case CARD_VISA, CARD_REFUND_FAIL, SIM_CAPTURE_REFUSED, SIM_AUTHORIZATION_LAPSED ->
                    emit(intent.succeed(), intent, eventDelay());
            case CARD_DECLINED -> {
                intent.decline(Map.of("type", "card_error", "code", "card_declined", "decline_code", "generic_decline",
                        "message", "Your card was declined."));
                emit("payment_intent.payment_failed", intent, eventDelay());
                throw new StripeError(402, "card_error", "card_declined", "Your card was declined.")
                        .with("decline_code", "generic_decline")
                        .with("payment_intent", intent.toJson());
            }
            case SIM_DELAYED -> {
                intent.processing();
                succeedLater(intent, eventDelay());
            }
            case SIM_NEVER -> intent.processing();
            case SIM_LATE -> {
                intent.processing();
                succeedLater(intent, properties.lateDelay());
            }
            case SIM_CHAOS -> {
                String success = intent.succeed();
                var delay = eventDelay();
                String payload = event(success, intent.toJson());
                String eventId = idOf(payload);
                for (int i = 0; i < 3; i++) {
                    webhooks.send(eventId, payload, delay.plusMillis(200L * i));
                }
                // A stale failure after the success: the service must ignore it (I5).
                var stale = new LinkedHashMap<>(intent.toJson());
                stale.put("status", "requires_payment_method");
                stale.put("last_payment_error", Map.of("type", "card_error", "code", "card_declined",
                        "message", "Your card was declined."));
                String failure = event("payment_intent.payment_failed", stale);
                webhooks.send(idOf(failure), failure, delay.plusMillis(800));
            }
        }
    }

    /** The intent, its authorization lapsed first if it is due to: no answer depends on the sweep's timing. */
    Intent intent(String id) {
        var intent = intents.get(id);
        if (intent == null) {
            throw StripeError.notFound("payment_intent", id);
        }
        expireIfDue(intent, Instant.now());
        return intent;
    }

    Intent cancel(String id) {
        var intent = intent(id);
        switch (intent.cancel("requested_by_customer")) {
            case CANCELED -> emit("payment_intent.canceled", intent, Duration.ZERO);
            case ALREADY_CANCELED -> {
                // answered as before, with no second event
            }
            case NOT_CANCELABLE -> throw StripeError.invalidRequest("payment_intent_unexpected_state",
                    "You cannot cancel this PaymentIntent because it has a status of " + intent.status() + ".", null)
                    .with("payment_intent", intent.toJson());
        }
        return intent;
    }

    Map<String, Object> refund(String paymentIntentId, Long amount) {
        var intent = intent(paymentIntentId);
        if (!intent.status().equals("succeeded")) {
            throw StripeError.invalidRequest("payment_intent_unexpected_state", "PaymentIntent " + paymentIntentId
                    + " has a status of " + intent.status() + " and has nothing to refund.", "payment_intent");
        }
        // As on Stripe: without an amount, whatever is left to refund (decided under the intent's lock).
        long refundAmount = intent.refund(amount);
        if (refundAmount == 0) {
            throw StripeError.invalidRequest("charge_already_refunded", "PaymentIntent " + paymentIntentId
                    + " has " + intent.refundable() + " left to refund, not " + (amount == null ? "more" : amount)
                    + ".", "payment_intent");
        }
        var refund = new LinkedHashMap<String, Object>();
        refund.put("id", "re_" + randomId());
        refund.put("object", "refund");
        refund.put("amount", refundAmount);
        refund.put("currency", intent.currency);
        refund.put("created", Instant.now().getEpochSecond());
        refund.put("metadata", intent.metadata());
        refund.put("payment_intent", intent.id);
        refund.put("status", "succeeded");
        refunds.put((String) refund.get("id"), refund);
        sendEvent("refund.created", refund, Duration.ZERO);
        if (method(intent.paymentMethod()) == TestPaymentMethod.CARD_REFUND_FAIL) {
            failLater(intent, refund);
        }
        return refund;
    }

    /**
     * As Stripe's {@code pm_card_refundFail}: the refund starts {@code succeeded} and fails a moment
     * later ({@code refund.updated}, then {@code refund.failed}); the money stays with the merchant, so
     * it is refundable again. A failed refund is final: a new refund must be made.
     */
    private void failLater(Intent intent, Map<String, Object> refund) {
        long amount = (Long) refund.get("amount");
        webhooks.expectLater(); // the ledger's pending webhooks count it until its events are sent
        scheduler.schedule(() -> {
            try {
                intent.refundFailed(amount);
                var failed = new LinkedHashMap<>(refund); // a new map: the one published is never changed
                failed.put("status", "failed");
                failed.put("failure_reason", "declined");
                refunds.put((String) failed.get("id"), failed);
                sendEvent("refund.updated", failed, Duration.ZERO);
                sendEvent("refund.failed", failed, Duration.ZERO);
            } finally {
                webhooks.expectationMet();
            }
        }, eventDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    Map<String, Object> refund(String id) {
        var refund = refunds.get(id);
        if (refund == null) {
            throw StripeError.notFound("refund", id);
        }
        return refund;
    }

    /** Stripe's list of PaymentIntents, newest first, a page of {@code limit} after {@code startingAfter}. */
    Map<String, Object> intentsPage(int limit, String startingAfter) {
        var now = Instant.now();
        return page("/v1/payment_intents", "payment_intent", intents.inOrder().reversed(), i -> i.id, limit,
                startingAfter, intent -> {
                    expireIfDue(intent, now);
                    return intent.toJson();
                });
    }

    /** Stripe's list of Refunds, newest first, of one PaymentIntent when {@code paymentIntent} is given. */
    Map<String, Object> refundsPage(String paymentIntent, int limit, String startingAfter) {
        var all = refunds.inOrder().reversed().stream()
                .filter(r -> paymentIntent == null || paymentIntent.equals(r.get("payment_intent"))).toList();
        return page("/v1/refunds", "refund", all, r -> (String) r.get("id"), limit, startingAfter, r -> r);
    }

    /** One page; only its own objects are turned into JSON. */
    private static <T> Map<String, Object> page(String url, String kind, List<T> newestFirst, Function<T, String> id,
            int limit, String startingAfter, Function<T, Map<String, Object>> toJson) {
        int from = 0;
        if (startingAfter != null) {
            int index = 0;
            while (index < newestFirst.size() && !startingAfter.equals(id.apply(newestFirst.get(index)))) {
                index++;
            }
            if (index == newestFirst.size()) {
                // A parameter naming nothing is a bad request, as on Stripe, not a missing page.
                throw StripeError.invalidRequest("resource_missing", "No such " + kind + ": '" + startingAfter + "'",
                        "starting_after");
            }
            from = index + 1;
        }
        int to = Math.min(newestFirst.size(), from + limit);
        var page = new LinkedHashMap<String, Object>();
        page.put("object", "list");
        page.put("data", newestFirst.subList(from, to).stream().map(toJson).toList());
        page.put("has_more", to < newestFirst.size());
        page.put("url", url);
        return page;
    }

    /**
     * Captures an authorization, all of it or {@code amountToCapture}; the rest is released. The
     * issuer of {@code pm_sim_capture_refused} refuses every capture: 402 {@code card_declined}, and
     * the authorization is gone ({@code canceled}), so no later capture can take it either. That of
     * {@code pm_sim_authorization_lapsed} lapses first.
     */
    Intent capture(String id, Long amountToCapture) {
        var intent = intent(id);
        if (method(intent.paymentMethod()) == TestPaymentMethod.SIM_AUTHORIZATION_LAPSED) {
            // As if this capture came after the authorization's validity.
            expireIfDue(intent, Instant.now().plus(intent.authorizationValidity));
        }
        boolean issuerRefuses = method(intent.paymentMethod()) == TestPaymentMethod.SIM_CAPTURE_REFUSED;
        switch (intent.capture(amountToCapture, issuerRefuses)) {
            case CAPTURED -> emit("payment_intent.succeeded", intent, Duration.ZERO);
            case TOO_LARGE -> throw StripeError.invalidRequest("amount_too_large", "The amount to capture ("
                    + amountToCapture + ") is larger than what PaymentIntent " + id + " may capture.",
                    "amount_to_capture");
            case NOT_CAPTURABLE -> throw StripeError.invalidRequest("payment_intent_unexpected_state",
                    "This PaymentIntent could not be captured because it has a status of " + intent.status()
                            + ". Only a PaymentIntent with one of the following statuses may be captured: "
                            + "requires_capture.", null).with("payment_intent", intent.toJson());
            case REFUSED_BY_ISSUER -> {
                emit("payment_intent.canceled", intent, Duration.ZERO);
                throw new StripeError(402, "card_error", "card_declined", "Your card was declined.")
                        .with("decline_code", "generic_decline")
                        .with("payment_intent", intent.toJson());
            }
        }
        return intent;
    }

    Map<String, Object> snapshot() {
        return Map.of(
                "intents", intents.inOrder().stream().map(Intent::toJson).toList(),
                "refunds", refunds.inOrder(),
                "events", events.inOrder(),
                "webhooksPending", webhooks.pending(),
                "webhooksDelivered", webhooks.delivered(),
                "webhookAttemptsFailed", webhooks.failedAttempts());
    }

    private void succeedLater(Intent intent, Duration delay) {
        webhooks.expectLater();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(delay);
                String success = intent.succeedIfProcessing();
                if (success != null) {
                    emit(success, intent, Duration.ZERO);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                webhooks.expectationMet();
            }
        });
    }

    /**
     * An uncaptured authorization lapses at the PSP after simulator.authorization-validity (7 days
     * for cards on Stripe): the intent is canceled ({@code automatic}) and can no longer be captured.
     * Swept in the background so its event goes out, and checked whenever the intent is asked for;
     * its event goes out through the simulator that made it, whichever noticed.
     */
    private void expireIfDue(Intent intent, Instant now) {
        if (intent.expireAuthorization(now)) {
            intent.madeBy.emit("payment_intent.canceled", intent, Duration.ZERO);
        }
    }

    private void sweepAuthorizations() {
        try {
            var now = Instant.now();
            for (var intent : intents.inOrder()) {
                if (intent.manualCapture && intent.madeBy == this) {
                    expireIfDue(intent, now);
                }
            }
        } catch (RuntimeException e) {
            // A failed round must not end the sweeps to come.
            log.warn("Sweep of expired authorizations failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    private void emit(String type, Intent intent, Duration delay) {
        String payload = event(type, intent.toJson());
        if (!outage.silenced(intent.toJson())) {
            webhooks.send(idOf(payload), payload, delay);
        }
    }

    private void sendEvent(String type, Map<String, Object> object, Duration delay) {
        String payload = event(type, object);
        webhooks.send(idOf(payload), payload, delay);
    }

    /** An event in Stripe's format, recorded in the ledger; returns its JSON. */
    private String event(String type, Map<String, Object> object) {
        var event = new LinkedHashMap<String, Object>();
        event.put("id", "evt_" + randomId());
        event.put("object", "event");
        event.put("api_version", properties.apiVersion());
        event.put("created", Instant.now().getEpochSecond());
        event.put("data", Map.of("object", object));
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("request", Map.of());
        event.put("type", type);
        events.put((String) event.get("id"), Map.of("id", event.get("id"), "type", type, "object", object.get("id")));
        return json.writeValueAsString(event);
    }

    private String idOf(String eventJson) {
        return json.readTree(eventJson).path("id").asString();
    }

    private Duration eventDelay() {
        long min = properties.eventDelayMin().toMillis();
        long max = Math.max(min, properties.eventDelayMax().toMillis());
        return Duration.ofMillis(min + ThreadLocalRandom.current().nextLong(max - min + 1));
    }

    private static String randomId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
