package dev.seatbooking.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens for the load: the service in dev mode accepts HS256 tokens signed with
 * security.dev-tokens.secret, so the load generator signs its own with the same key (-DtokenSecret,
 * or TOKEN_SECRET from the environment) instead of asking the service for 10,000 of them.
 */
final class Tokens {

    private static final String ISSUER = "seat-booking-dev";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    private Tokens() {
    }

    /**
     * Prints {@code count} user tokens, one per line, for wrk (benchmarks/claim.lua cannot sign):
     * {@code java -cp load-test/target/test-classes dev.seatbooking.loadtest.Tokens 5000 wrk}.
     */
    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        String prefix = args.length > 1 ? args[1] : "wrk";
        var out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(user(prefix + "-" + i)).append('\n');
        }
        System.out.print(out);
    }

    static String user(String userId) {
        return sign(userId, "[]");
    }

    static String admin() {
        return sign("load-test-admin", "[\"admin\"]");
    }

    private static String sign(String subject, String roles) {
        long now = System.currentTimeMillis() / 1000;
        String claims = encode("{\"iss\":\"%s\",\"sub\":\"%s\",\"iat\":%d,\"exp\":%d,\"roles\":%s}"
                .formatted(ISSUER, subject, now - 60, now + 6 * 3600, roles));
        String unsigned = HEADER + "." + claims;
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return unsigned + "." + BASE64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    private static String secret() {
        String secret = System.getProperty("tokenSecret", System.getenv("TOKEN_SECRET"));
        if (secret == null || secret.length() < 32) {
            throw new IllegalStateException("Pass the service's security.dev-tokens.secret as -DtokenSecret=... "
                    + "(at least 32 characters); start the service with the same --security.dev-tokens.secret");
        }
        return secret;
    }

    private static String encode(String json) {
        return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
