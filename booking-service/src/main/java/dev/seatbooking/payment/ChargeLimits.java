package dev.seatbooking.payment;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The smallest and largest amount the PSP charges in one payment, per currency. A flight priced
 * below the one, or a booking costing more than the other, could never be paid for: every payment
 * would fail at the PSP. Stripe's published minimums are the default (docs.stripe.com/currencies,
 * "Minimum and maximum charge amounts"); payment.minimum-charges adds currencies or overrides them.
 * A currency with no known minimum is not sold. The maximum is Stripe's: eight digits in the
 * currency's smallest unit (999,999.99 EUR; 99,999,999 JPY).
 */
@Component
public class ChargeLimits {

    private static final long MAX_MINOR_UNITS = 99_999_999L;

    private static final Map<String, String> STRIPE = Map.ofEntries(
            Map.entry("USD", "0.50"), Map.entry("AED", "2.00"), Map.entry("AUD", "0.50"), Map.entry("BGN", "1.00"),
            Map.entry("BRL", "0.50"), Map.entry("CAD", "0.50"), Map.entry("CHF", "0.50"), Map.entry("CZK", "15.00"),
            Map.entry("DKK", "2.50"), Map.entry("EUR", "0.50"), Map.entry("GBP", "0.30"), Map.entry("HKD", "4.00"),
            Map.entry("HUF", "175.00"), Map.entry("INR", "0.50"), Map.entry("JPY", "50"), Map.entry("MXN", "10"),
            Map.entry("MYR", "2"), Map.entry("NOK", "3.00"), Map.entry("NZD", "0.50"), Map.entry("PLN", "2.00"),
            Map.entry("RON", "2.00"), Map.entry("SEK", "3.00"), Map.entry("SGD", "0.50"), Map.entry("THB", "10"));

    private final Map<String, BigDecimal> minimums = new HashMap<>();

    ChargeLimits(PaymentProperties properties) {
        STRIPE.forEach((currency, amount) -> minimums.put(currency, new BigDecimal(amount)));
        if (properties.minimumCharges() != null) {
            properties.minimumCharges().forEach((currency, amount) -> minimums.put(currency.toUpperCase(Locale.ROOT), amount));
        }
    }

    /** The smallest charge in the currency (an ISO 4217 code), or empty when the PSP's is not known. */
    public Optional<BigDecimal> minimum(String currency) {
        return Optional.ofNullable(minimums.get(currency.toUpperCase(Locale.ROOT)));
    }

    /** The largest charge in one payment in the currency (an ISO 4217 code the JDK knows). */
    public BigDecimal maximum(String currency) {
        return BigDecimal.valueOf(MAX_MINOR_UNITS).movePointLeft(PaymentAmounts.fractionDigits(currency));
    }
}
