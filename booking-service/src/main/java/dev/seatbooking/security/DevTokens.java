package dev.seatbooking.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Dev mode (security.dev-tokens.enabled=true, which ./run sets): the service signs its own test
 * tokens (HS256) and accepts only those; {@code POST /dev/token} hands them out. The key is
 * security.dev-tokens.secret, or random per run; share it to let several instances, or a load
 * generator, use the same tokens. Never enable this in production: anyone could be anyone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "security.dev-tokens.enabled", havingValue = "true")
class DevTokens {

    static final String ISSUER = "seat-booking-dev";
    private static final Logger log = LoggerFactory.getLogger(DevTokens.class);

    private final SecretKey key;
    private final Duration lifetime;
    private final Clock clock;

    DevTokens(@Value("${security.dev-tokens.secret:}") String secret,
            @Value("${security.dev-tokens.lifetime:12h}") Duration lifetime, Clock clock) {
        this.clock = clock;
        this.key = new SecretKeySpec(secret.isBlank() ? randomSecret() : secret.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256");
        if (key.getEncoded().length < 32) {
            throw new IllegalStateException("security.dev-tokens.secret needs at least 32 bytes");
        }
        this.lifetime = lifetime;
        log.warn("Dev mode: this service issues its own test tokens at POST /dev/token; never run it so in production");
    }

    @Bean
    JwtDecoder devTokenDecoder() {
        var decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        return decoder;
    }

    @Bean
    DevTokenIssuer devTokenIssuer() {
        JwtEncoder encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
        return (userId, roles) -> {
            var now = clock.instant();
            var claims = JwtClaimsSet.builder().issuer(ISSUER).subject(userId).issuedAt(now)
                    .expiresAt(now.plus(lifetime)).claim("roles", roles).build();
            return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                    .getTokenValue();
        };
    }

    /** Signs a token for a user with the given roles. */
    interface DevTokenIssuer {
        String issue(String userId, List<String> roles);
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
    }
}
