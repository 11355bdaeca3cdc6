package dev.seatbooking.booking.refund;

import dev.seatbooking.booking.BookingNotFound;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.booking.StatusChanges;
import dev.seatbooking.idempotency.IdempotencyKeyReused;
import dev.seatbooking.idempotency.IdempotencyKeys;
import dev.seatbooking.payment.PaymentAmounts;
import dev.seatbooking.payment.PaymentGateway;
import dev.seatbooking.payment.PaymentUnavailable;
import dev.seatbooking.payment.RefundDeclined;
import dev.seatbooking.payment.RefundReceipt;
import dev.seatbooking.system.LogContext;
import dev.seatbooking.system.ValidationFailed;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator refunds part (or the rest) of a booking's payment: money only, so the seats stay sold
 * and the booking keeps its status. Once per Idempotency-Key, which keys the refund at the PSP too,
 * so a retry after a lost answer never refunds twice; the PSP also refuses more than it holds.
 */
@Service
class OperatorRefunds {

    private static final Logger log = LoggerFactory.getLogger(OperatorRefunds.class);
    /** Payment statuses of a booking whose money was taken at some point. */
    private static final Set<String> MONEY_TAKEN = Set.of(PaymentStatuses.SUCCEEDED, PaymentStatuses.CAPTURED,
            PaymentStatuses.REFUND_PENDING, PaymentStatuses.REFUNDED, PaymentStatuses.PARTIALLY_REFUNDED,
            PaymentStatuses.REFUND_FAILED);

    private final BookingRepository bookings;
    private final RefundRecords refunds;
    private final BookingRefunds bookingRefunds;
    private final PaymentGateway gateway;
    private final StatusChanges statusChanges;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OperatorRefunds(BookingRepository bookings, RefundRecords refunds, BookingRefunds bookingRefunds,
            PaymentGateway gateway, StatusChanges statusChanges, TransactionTemplate transactions, Clock clock) {
        this.bookings = bookings;
        this.refunds = refunds;
        this.bookingRefunds = bookingRefunds;
        this.gateway = gateway;
        this.statusChanges = statusChanges;
        this.transactions = transactions;
        this.clock = clock;
    }

    RefundView refund(String bookingId, PartialRefund request, String key) {
        IdempotencyKeys.checkWellFormed(key);
        try (var ignored = LogContext.put("bookingId", bookingId)) {
            var booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFound(bookingId));
            MDC.put("flightId", booking.flightIds());
            String currency = booking.currency();
            if (booking.paymentIntentId() == null || !MONEY_TAKEN.contains(booking.paymentStatus())) {
                throw new NothingToRefund(bookingId, String.valueOf(booking.paymentStatus()));
            }
            long asked;
            try {
                asked = PaymentAmounts.minorUnits(request.amount(), currency);
            } catch (ArithmeticException e) {
                throw new ValidationFailed("amount: " + currency + " has no smaller unit than "
                        + BigDecimal.ONE.movePointLeft(PaymentAmounts.fractionDigits(currency)).toPlainString());
            }
            long paid = PaymentAmounts.minorUnits(booking.totalPrice(), currency);
            // A retry of a refund recorded before is answered from the record, whatever remains now
            // and whether or not the PSP answers; one whose answer was lost before it was recorded
            // is answered by the PSP, which keys the refund by the same key.
            var earlier = refunds.askedBefore(bookingId, key);
            if (earlier.isPresent()) {
                return replay(earlier.get(), booking.id(), asked, request, paid, booking.paymentStatus(), currency);
            }
            long remaining = paid - refunds.refunding(bookingId);
            if (asked > remaining) {
                throw new RefundTooLarge(bookingId, request.amount(), major(remaining, currency), currency);
            }
            var receipt = refundAtPsp(booking.paymentIntentId(), bookingId, asked, request, key, remaining, currency);
            String paymentStatus = transactions.execute(tx -> {
                var now = clock.instant();
                var locked = bookings.lock(bookingId).orElseThrow();
                String status = bookingRefunds.follow(locked, receipt.refundId(), receipt.amount(), receipt.status(),
                        "admin refund", now);
                if (refunds.markOperators(receipt.refundId(), key, request.reason())) {
                    statusChanges.note(locked, "admin: refund " + receipt.refundId() + " of "
                            + major(receipt.amount(), currency).toPlainString() + " " + currency + " ("
                            + request.reason() + ")", now);
                }
                return status;
            });
            log.info("Operator refund {} of {} {} for {}: {}", receipt.refundId(), major(receipt.amount(), currency),
                    currency, bookingId, receipt.status());
            return new RefundView(receipt.refundId(), bookingId, major(receipt.amount(), currency), currency,
                    receipt.status(), request.reason(), major(paid - refunds.refunding(bookingId), currency),
                    paymentStatus);
        }
    }

    private RefundView replay(RefundRecords.OperatorsRefund earlier, String bookingId, long asked, PartialRefund request,
            long paid, String paymentStatus, String currency) {
        if (earlier.amount() != asked || !request.reason().equals(earlier.reason())) {
            throw new IdempotencyKeyReused();
        }
        return new RefundView(earlier.refundId(), bookingId, major(earlier.amount(), currency), currency,
                earlier.status(), earlier.reason(), major(paid - refunds.refunding(bookingId), currency), paymentStatus);
    }

    private RefundReceipt refundAtPsp(String intentId, String bookingId, long asked, PartialRefund request, String key,
            long remaining, String currency) {
        try {
            // Hashed: the PSP takes keys of at most 255 characters, as the client's may be.
            return gateway.refundPart(intentId, bookingId, asked, request.reason(),
                    "admin-refund-" + bookingId + "-" + sha256(key));
        } catch (PaymentUnavailable e) {
            throw new PaymentProviderUnavailable(e);
        } catch (RefundDeclined e) {
            log.warn("PSP declined the operator's refund of {} for {}: {} {}", asked, bookingId, e.code(), e.getMessage());
            if (e.tooLarge()) {
                // A refund under way that the PSP counts and this service has not heard of yet.
                throw new RefundTooLarge(bookingId, request.amount(), major(remaining, currency), currency);
            }
            if (e.code().equals("idempotency_error")) {
                throw new IdempotencyKeyReused();
            }
            throw new NothingToRefund(bookingId, "declined by the PSP: " + e.code());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static BigDecimal major(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits).movePointLeft(PaymentAmounts.fractionDigits(currency));
    }
}
