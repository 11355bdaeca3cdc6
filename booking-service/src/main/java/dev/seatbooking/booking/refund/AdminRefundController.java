package dev.seatbooking.booking.refund;

import dev.seatbooking.booking.BookingIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Operators refund part of a booking's payment (admin role); the seats stay sold. */
@RestController
class AdminRefundController {

    private final OperatorRefunds refunds;

    AdminRefundController(OperatorRefunds refunds) {
        this.refunds = refunds;
    }

    @PostMapping("/v1/admin/bookings/{bookingId}/refunds")
    ResponseEntity<RefundView> refund(
            @PathVariable @Pattern(regexp = BookingIds.PATTERN, message = BookingIds.PATTERN_MESSAGE) String bookingId,
            @RequestHeader("Idempotency-Key") String key, @Valid @RequestBody PartialRefund body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(refunds.refund(bookingId, body, key));
    }
}
