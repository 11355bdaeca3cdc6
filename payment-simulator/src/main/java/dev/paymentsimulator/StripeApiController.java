package dev.paymentsimulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Stripe endpoints the booking service calls, form-encoded in and JSON out as on Stripe.
 * A POST with an {@code Idempotency-Key} seen before gets the first answer again (with
 * {@code Idempotent-Replayed: true}); the same key with other parameters is an
 * {@code idempotency_error}, as Stripe answers.
 */
@RestController
@RequestMapping("${simulator.base-path:/psp}/v1")
class StripeApiController {

    private record Answer(String request, int status, Object body) {
    }

    private final Ledger ledger;
    private final Outage outage;
    private final ApiKeyCheck apiKey;
    /** Per JVM, as the ledger: a key used through one context is known to all. */
    private static RecentObjects<Answer> idempotentAnswers;
    private final RecentObjects<Answer> answers;

    StripeApiController(Ledger ledger, Outage outage, ApiKeyCheck apiKey, SimulatorProperties properties) {
        this.ledger = ledger;
        this.outage = outage;
        this.apiKey = apiKey;
        this.answers = answers(properties);
    }

    private static synchronized RecentObjects<Answer> answers(SimulatorProperties properties) {
        if (idempotentAnswers == null) {
            idempotentAnswers = new RecentObjects<>(properties.retention(), properties.maxObjects());
        }
        return idempotentAnswers;
    }

    @PostMapping(path = "/payment_intents", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> createIntent(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestParam MultiValueMap<String, String> form) {
        apiKey.check(auth);
        outage.beforeCreate();
        return idempotent(key, "create_intent " + new TreeMap<>(form), () -> {
            long amount = positiveLong(form.getFirst("amount"), "amount");
            String currency = required(form.getFirst("currency"), "currency").toLowerCase();
            String paymentMethod = required(form.getFirst("payment_method"), "payment_method");
            boolean confirm = "true".equals(form.getFirst("confirm"));
            boolean manualCapture = manualCapture(form.getFirst("capture_method"));
            return ledger.create(amount, currency, paymentMethod, confirm, metadata(form), manualCapture).toJson();
        });
    }

    @GetMapping("/payment_intents/{id}")
    Map<String, Object> retrieveIntent(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable String id) {
        apiKey.check(auth);
        return ledger.intent(id).toJson();
    }

    @PostMapping(path = "/payment_intents/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> updateIntent(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestHeader(name = "Idempotency-Key", required = false) String key, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form) {
        apiKey.check(auth);
        return idempotent(key, "update " + id + " " + new TreeMap<>(form), () -> {
            String amount = form.getFirst("amount");
            return ledger.update(id, amount == null ? null : positiveLong(amount, "amount"), metadata(form)).toJson();
        });
    }

    @PostMapping("/payment_intents/{id}/confirm")
    ResponseEntity<Object> confirmIntent(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestHeader(name = "Idempotency-Key", required = false) String key, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form) {
        apiKey.check(auth);
        return idempotent(key, "confirm " + id + " " + new TreeMap<>(form),
                () -> ledger.confirm(id, form.getFirst("payment_method")).toJson());
    }

    @GetMapping("/payment_intents")
    Map<String, Object> listIntents(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestParam(required = false) String limit, @RequestParam(name = "starting_after", required = false)
            String startingAfter) {
        apiKey.check(auth);
        return ledger.intentsPage(limit(limit), startingAfter);
    }

    @GetMapping("/refunds")
    Map<String, Object> listRefunds(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestParam(name = "payment_intent", required = false) String paymentIntent,
            @RequestParam(required = false) String limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        apiKey.check(auth);
        return ledger.refundsPage(paymentIntent, limit(limit), startingAfter);
    }

    @GetMapping("/refunds/{id}")
    Map<String, Object> retrieveRefund(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable String id) {
        apiKey.check(auth);
        return ledger.refund(id);
    }

    @PostMapping("/payment_intents/{id}/cancel")
    ResponseEntity<Object> cancelIntent(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestHeader(name = "Idempotency-Key", required = false) String key, @PathVariable String id) {
        apiKey.check(auth);
        return idempotent(key, "cancel " + id, () -> ledger.cancel(id).toJson());
    }

    @PostMapping("/payment_intents/{id}/capture")
    ResponseEntity<Object> captureIntent(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestHeader(name = "Idempotency-Key", required = false) String key, @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form) {
        apiKey.check(auth);
        return idempotent(key, "capture " + id + " " + new TreeMap<>(form), () -> {
            String amount = form.getFirst("amount_to_capture");
            return ledger.capture(id, amount == null ? null : positiveLong(amount, "amount_to_capture")).toJson();
        });
    }

    @PostMapping(path = "/refunds", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> createRefund(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestParam MultiValueMap<String, String> form) {
        apiKey.check(auth);
        return idempotent(key, "refund " + new TreeMap<>(form), () -> {
            String intent = required(form.getFirst("payment_intent"), "payment_intent");
            String amount = form.getFirst("amount");
            return ledger.refund(intent, amount == null ? null : positiveLong(amount, "amount"));
        });
    }

    private ResponseEntity<Object> idempotent(String key, String request, Supplier<Object> call) {
        if (key == null) {
            return answer(call);
        }
        var earlier = answers.get(key);
        if (earlier == null) {
            synchronized (answers) {
                earlier = answers.get(key);
                if (earlier == null) {
                    var response = answer(call);
                    answers.put(key, new Answer(request, response.getStatusCode().value(), response.getBody()));
                    return response;
                }
            }
        }
        if (!earlier.request().equals(request)) {
            throw StripeError.invalidRequest(null, "Keys for idempotent requests can only be used with the same "
                    + "parameters they were first used with.", null).withType("idempotency_error");
        }
        return ResponseEntity.status(earlier.status()).header("Idempotent-Replayed", "true")
                .contentType(MediaType.APPLICATION_JSON).body(earlier.body());
    }

    private static ResponseEntity<Object> answer(Supplier<Object> call) {
        try {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(call.get());
        } catch (StripeError e) {
            return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
        }
    }

    /** The {@code metadata[key]=value} fields of a form. */
    private static Map<String, String> metadata(MultiValueMap<String, String> form) {
        Map<String, String> metadata = new TreeMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith("metadata[") && name.endsWith("]")) {
                metadata.put(name.substring(9, name.length() - 1), values.getFirst());
            }
        });
        return metadata;
    }

    /** A list's page size: 1 to 100, 10 when not given, as on Stripe. */
    private static int limit(String limit) {
        if (limit == null) {
            return 10;
        }
        long parsed = positiveLong(limit, "limit");
        if (parsed > 100) {
            throw StripeError.invalidRequest("parameter_invalid_integer",
                    "This value must be less than or equal to 100.", "limit");
        }
        return (int) parsed;
    }

    /** Stripe's values; {@code automatic_async} captures at once as {@code automatic} does. */
    private static boolean manualCapture(String captureMethod) {
        if (captureMethod == null || captureMethod.equals("automatic") || captureMethod.equals("automatic_async")) {
            return false;
        }
        if (captureMethod.equals("manual")) {
            return true;
        }
        throw StripeError.invalidRequest("parameter_invalid_string", "Invalid capture_method: must be one of "
                + "automatic, automatic_async, or manual", "capture_method");
    }

    private static String required(String value, String param) {
        if (value == null || value.isBlank()) {
            throw StripeError.invalidRequest("parameter_missing", "Missing required param: " + param + ".", param);
        }
        return value;
    }

    private static long positiveLong(String value, String param) {
        try {
            long parsed = Long.parseLong(required(value, param));
            // Stripe takes up to eight digits in minor units.
            if (parsed > 0 && parsed <= 99_999_999L) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw StripeError.invalidRequest("parameter_invalid_integer", "Invalid positive integer: " + param, param);
    }
}
