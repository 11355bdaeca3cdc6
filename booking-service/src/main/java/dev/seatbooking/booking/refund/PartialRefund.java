package dev.seatbooking.booking.refund;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * {@code POST /v1/admin/bookings/{id}/refunds}: {@code amount} in the booking's currency (at most its
 * decimals), and why, as the operator would tell the customer.
 */
record PartialRefund(
        @NotNull @DecimalMin(value = "0.01", message = "must be positive") @Digits(integer = 9, fraction = 2)
        BigDecimal amount,
        @NotBlank @Size(max = 200) @Pattern(regexp = "^\\P{Cntrl}*$", message = "must have no control characters")
        String reason) {
}
