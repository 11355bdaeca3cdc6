package dev.paymentsimulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Every call must carry the simulator's secret key, as Stripe's API demands its account's key: as
 * a Bearer token, or as the user name of Basic auth ({@code curl -u sk_...:}). Anyone else gets
 * 401 in Stripe's error shape. Without a key of its own the simulator refuses every call.
 */
@Component
class ApiKeyCheck {

    private final byte @Nullable [] key;

    ApiKeyCheck(SimulatorProperties properties) {
        this.key = properties.apiKey() == null || properties.apiKey().isBlank() ? null
                : properties.apiKey().getBytes(StandardCharsets.UTF_8);
    }

    void check(@Nullable String authorization) {
        String given = keyOf(authorization);
        if (given == null) {
            throw new StripeError(401, "invalid_request_error", null,
                    "You did not provide an API key. Provide it in the Authorization header (Bearer sk_...).");
        }
        // Compared in constant time; the key given is never echoed back.
        if (key == null || !MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            throw new StripeError(401, "invalid_request_error", null, "Invalid API Key provided.");
        }
    }

    private static @Nullable String keyOf(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.startsWith("Bearer ") && authorization.length() > 7) {
            return authorization.substring(7);
        }
        if (authorization.startsWith("Basic ") && authorization.length() > 6) {
            try {
                String user = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
                int colon = user.indexOf(':');
                return colon < 0 ? user : user.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
