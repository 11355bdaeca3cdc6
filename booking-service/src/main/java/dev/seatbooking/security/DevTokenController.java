package dev.seatbooking.security;

import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/token?userId=user123} answers a signed token for that user, as plain text so a
 * shell can keep it: {@code TOKEN=$(curl -s -X POST ...)}; {@code &role=admin} adds the admin role.
 * Dev mode only.
 */
@RestController
@ConditionalOnProperty(name = "security.dev-tokens.enabled", havingValue = "true")
class DevTokenController {

    private final DevTokens.DevTokenIssuer issuer;

    DevTokenController(DevTokens.DevTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping(path = "/dev/token", produces = MediaType.TEXT_PLAIN_VALUE)
    String token(@RequestParam @Pattern(regexp = "^[A-Za-z0-9._-]{1,64}$", message = "must be 1-64 letters, digits, '.', '_' or '-'")
            String userId, @RequestParam(required = false) @Pattern(regexp = "^admin$", message = "must be admin") String role) {
        return issuer.issue(userId, role == null ? List.of() : List.of(role));
    }
}
