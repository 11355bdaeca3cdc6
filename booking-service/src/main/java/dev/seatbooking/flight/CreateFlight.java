package dev.seatbooking.flight;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

/** The body of {@code POST /v1/flights}. */
record CreateFlight(
        @NotNull @Pattern(regexp = Flight.ID_PATTERN, message = Flight.ID_MESSAGE) String flightId,
        @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be a 3-letter airport code") String origin,
        @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be a 3-letter airport code") String destination,
        @NotNull Instant departureTime,
        @NotNull @Min(1) @Max(1000) Integer capacity,
        @NotNull @DecimalMin("0.00") @Digits(integer = 8, fraction = 2) BigDecimal price,
        @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 currency code") String currency) {

    /** A currency the JDK knows, and a price with no more decimals than it has (JPY has none). */
    @AssertTrue(message = "must be a known currency with at most its number of decimals")
    boolean isPriceInCurrency() {
        if (currency == null || price == null) {
            return true;
        }
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits >= 0 && price.stripTrailingZeros().scale() <= digits;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    Flight toFlight() {
        return new Flight(flightId, origin, destination, departureTime, capacity, 0, price, currency);
    }
}
