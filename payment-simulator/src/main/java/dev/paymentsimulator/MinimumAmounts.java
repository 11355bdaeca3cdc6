package dev.paymentsimulator;

import java.util.Map;
import java.util.Optional;

/**
 * Stripe's minimum charge per currency, in minor units (docs.stripe.com/currencies, "Minimum and
 * maximum charge amounts"): a PaymentIntent for less is refused with {@code amount_too_small}.
 * Currencies not listed here are taken from 1 minor unit up, as the simulator cannot convert them.
 */
final class MinimumAmounts {

    private static final Map<String, Long> MINIMUMS = Map.ofEntries(
            Map.entry("usd", 50L), Map.entry("aed", 200L), Map.entry("aud", 50L), Map.entry("bgn", 100L),
            Map.entry("brl", 50L), Map.entry("cad", 50L), Map.entry("chf", 50L), Map.entry("czk", 1500L),
            Map.entry("dkk", 250L), Map.entry("eur", 50L), Map.entry("gbp", 30L), Map.entry("hkd", 400L),
            Map.entry("huf", 17500L), Map.entry("inr", 50L), Map.entry("jpy", 50L), Map.entry("mxn", 1000L),
            Map.entry("myr", 200L), Map.entry("nok", 300L), Map.entry("nzd", 50L), Map.entry("pln", 200L),
            Map.entry("ron", 200L), Map.entry("sek", 300L), Map.entry("sgd", 50L), Map.entry("thb", 1000L));

    private MinimumAmounts() {
    }

    static Optional<Long> of(String currency) {
        return Optional.ofNullable(MINIMUMS.get(currency));
    }
}
