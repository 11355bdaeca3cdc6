package dev.seatbooking.ui;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ui/config}: how the pages sign a user in and what a buyer may pay with. In dev mode
 * they sign in with a dev token and pay with the simulator's test methods; with an issuer
 * ({@link SignInSettings}), through its sign-in page. With Stripe, card entry needs Stripe.js from
 * Stripe's servers, which these pages do not load (docs/ui.md).
 */
@Hidden // the pages' own, not part of the API
@RestController
class UiConfigController {

    /** A way to pay the pages offer: the PaymentMethod id sent with the claim, and what it does. */
    record PaymentChoice(String id, String label) {
    }

    /** An OpenID Connect issuer the pages sign in with, and the public client they are registered as there. */
    record Oidc(String issuer, String clientId) {
    }

    record UiConfig(boolean devTokens, @Nullable Oidc oidc, boolean simulator, List<PaymentChoice> paymentMethods) {
    }

    /** The simulator's test methods a person would try, each named by what happens. */
    private static final List<PaymentChoice> SIMULATOR_METHODS = List.of(
            new PaymentChoice("pm_card_visa", "Test card: pays at once"),
            new PaymentChoice("pm_sim_delayed", "Test card: pays after a few seconds"),
            new PaymentChoice("pm_card_visa_chargeDeclined", "Test card: declined"),
            new PaymentChoice("pm_sim_never", "Test card: never answers (the hold runs out)"));

    private final UiConfig config;

    UiConfigController(Environment environment) {
        boolean simulator = environment.getProperty("simulator.enabled", Boolean.class, false);
        this.config = new UiConfig(environment.getProperty("security.dev-tokens.enabled", Boolean.class, false),
                SignInSettings.oidc(environment), simulator, simulator ? SIMULATOR_METHODS : List.of());
    }

    @GetMapping("/ui/config")
    UiConfig config() {
        return config;
    }
}
