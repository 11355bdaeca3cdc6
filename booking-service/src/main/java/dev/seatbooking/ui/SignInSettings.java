package dev.seatbooking.ui;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Sign-in through an OpenID Connect issuer: the one whose tokens the API takes
 * (spring.security.oauth2.resourceserver.jwt.issuer-uri), with the public client the pages are
 * registered as there (security.oidc.client-id: authorization code with PKCE, no secret, redirect
 * URI {@code https://<this service>/signin.html}). Both set, or no sign-in through an issuer.
 */
final class SignInSettings {

    private SignInSettings() {
    }

    static UiConfigController.@Nullable Oidc oidc(Environment environment) {
        String issuer = environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "");
        String clientId = environment.getProperty("security.oidc.client-id", "");
        if (issuer.isBlank() || clientId.isBlank()) {
            return null;
        }
        return new UiConfigController.Oidc(issuer, clientId);
    }

    /** The issuer's origin, which the pages call (discovery, token endpoint); null without one. */
    static @Nullable String issuerOrigin(Environment environment) {
        var oidc = oidc(environment);
        if (oidc == null) {
            return null;
        }
        var uri = URI.create(oidc.issuer());
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
