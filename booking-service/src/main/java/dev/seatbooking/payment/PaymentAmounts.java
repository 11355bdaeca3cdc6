package dev.seatbooking.payment;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/** Money as the PSP counts it: in the currency's smallest unit, with the currency in lower case. */
public final class PaymentAmounts {

    private PaymentAmounts() {
    }

    /** 398.00 EUR is 39800; 5000 JPY is 5000. Throws when the amount has more decimals than the currency. */
    public static long minorUnits(BigDecimal amount, String currency) {
        return amount.movePointRight(fractionDigits(currency)).longValueExact();
    }

    /** The decimals of the currency's smallest unit: 2 for EUR, 0 for JPY. */
    public static int fractionDigits(String currency) {
        return Math.max(0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
    }

    /** Whether the PSP's amount and currency are exactly this price. */
    public static boolean sameAmount(BigDecimal price, String priceCurrency, long amount, String currency) {
        return priceCurrency.equalsIgnoreCase(currency) && minorUnits(price, priceCurrency) == amount;
    }
}
