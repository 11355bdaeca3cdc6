package dev.seatbooking.booking.refund;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.StatusChanges;
import dev.seatbooking.payment.PaymentAmounts;
import dev.seatbooking.payment.PaymentEventRepository;
import dev.seatbooking.payment.PaymentOutcomes.Applied;
import dev.seatbooking.payment.RefundOutcomes;
import dev.seatbooking.payment.RefundReceipt;
import dev.seatbooking.payment.RefundUpdate;
import dev.seatbooking.system.LogContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows each refund of a booking's own payment as the PSP reports it: the refund is recorded, and
 * the booking's payment status follows (refund_pending, refunded, partially_refunded, or
 * refund_failed). A refund that fails is final on Stripe: it is noted in the booking's history and
 * counted ({@code payment.refund.total{result="failed"}}, which alerts), and an operator makes a new
 * one. The booking's status never changes here: refunds move money only.
 */
@Service
public class BookingRefunds implements RefundOutcomes {

    private static final Logger log = LoggerFactory.getLogger(BookingRefunds.class);

    private final BookingRepository bookings;
    private final RefundRecords refunds;
    private final PaymentEventRepository paymentEvents;
    private final StatusChanges statusChanges;
    private final TransactionTemplate transactions;
    private final MeterRegistry registry;
    private final Clock clock;

    BookingRefunds(BookingRepository bookings, RefundRecords refunds, PaymentEventRepository paymentEvents,
            StatusChanges statusChanges, TransactionTemplate transactions, MeterRegistry registry, Clock clock) {
        this.bookings = bookings;
        this.refunds = refunds;
        this.paymentEvents = paymentEvents;
        this.statusChanges = statusChanges;
        this.transactions = transactions;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Only refunds of a booking's own recorded payment count: a stranger's payment refunded for
     * naming a booking (REFUND_FOREIGN) is none of its money, whatever the refund's metadata says.
     */
    @Override
    public Applied refundUpdated(RefundUpdate update) {
        var bookingId = bookings.ownerOfIntent(update.intentId()).orElse(null);
        if (bookingId == null) {
            return Applied.UNKNOWN_BOOKING;
        }
        try (var ignored = LogContext.put("bookingId", bookingId)) {
            return transactions.execute(tx -> {
                var booking = bookings.lock(bookingId).orElseThrow();
                if (paymentEvents.seen(update.eventId())) {
                    return Applied.DUPLICATE;
                }
                MDC.put("flightId", booking.flightIds());
                var now = clock.instant();
                paymentEvents.record(update.eventId(), bookingId, update.type(), now);
                follow(booking, update.refundId(), update.amount(), update.status(),
                        "psp:" + update.eventId() + " (" + update.failureReason() + ")", now);
                return Applied.APPLIED;
            });
        }
    }

    /** The PSP's answer to a full refund of the booking's own payment, which may come before its events. */
    public void followOwn(String bookingId, RefundReceipt receipt) {
        try (var ignored = LogContext.put("bookingId", bookingId)) {
            transactions.executeWithoutResult(tx -> bookings.lock(bookingId).ifPresent(booking -> follow(booking,
                    receipt.refundId(), receipt.amount(), receipt.status(), "refund", clock.instant())));
        }
    }

    /**
     * Records the refund's status under the booking's row lock, and moves the booking's payment status
     * with it, which it answers. Also used for the PSP's own answer to an operator's refund, which may
     * come before its events.
     */
    String follow(Booking booking, String refundId, long amount, String status, String failureCause, Instant now) {
        var before = refunds.record(refundId, booking.id(), amount, status, now);
        boolean justFailed = RefundRecords.isFinal(status) && (before == null || !RefundRecords.isFinal(before));
        long paid = PaymentAmounts.minorUnits(booking.totalPrice(), booking.currency());
        String paymentStatus = refunds.paymentStatus(booking.id(), paid);
        bookings.recordPayment(booking.id(), null, paymentStatus, now);
        if (justFailed) {
            statusChanges.note(booking, failureCause + ": refund " + refundId + " of " + amount + " failed, the money"
                    + " was not given back; an operator must refund it anew", now);
            countOnCommit();
            log.error("Refund {} of {} ({} in the smallest unit) FAILED at the PSP: the money was not given back;"
                    + " refund it anew (POST /v1/admin/bookings/{}/refunds)", refundId, booking.id(), amount, booking.id());
        } else {
            log.info("Refund {} of {} is {}: payment {}", refundId, booking.id(), status, paymentStatus);
        }
        return paymentStatus;
    }

    private void countOnCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                registry.counter("payment.refund.total", "result", "failed").increment();
            }
        });
    }
}
