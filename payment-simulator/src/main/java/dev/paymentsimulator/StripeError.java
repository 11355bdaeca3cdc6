package dev.paymentsimulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answered in Stripe's shape: {@code {"error":{"type","code","message",...}}}. */
class StripeError extends RuntimeException {

    private final int status;
    private final Map<String, Object> error = new LinkedHashMap<>();

    StripeError(int status, String type, String code, String message) {
        super(message);
        this.status = status;
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
    }

    static StripeError invalidRequest(String code, String message, String param) {
        var e = new StripeError(400, "invalid_request_error", code, message);
        if (param != null) {
            e.error.put("param", param);
        }
        return e;
    }

    static StripeError notFound(String what, String id) {
        return new StripeError(404, "invalid_request_error", "resource_missing", "No such " + what + ": '" + id + "'");
    }

    StripeError withType(String type) {
        error.put("type", type);
        return this;
    }

    StripeError with(String field, Object value) {
        error.put(field, value);
        return this;
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return Map.of("error", error);
    }
}
