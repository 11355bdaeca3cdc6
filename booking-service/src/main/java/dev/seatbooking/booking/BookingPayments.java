package dev.seatbooking.booking;

import dev.seatbooking.flight.FlightSales;
import dev.seatbooking.inventory.ConfirmResult;
import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.payment.PaymentEventRepository;
import dev.seatbooking.payment.PaymentFailed;
import dev.seatbooking.payment.PaymentOutcomes;
import dev.seatbooking.payment.PaymentSucceeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CONFIRM and its failures: applies what the PSP says to the booking, whichever of its answers
 * comes first (the reply to the payment start, or a webhook); the second changes nothing. Each
 * outcome runs under the booking's row lock, in the order of DESIGN section 1: the Redis step, then
 * one transaction with the status change, {@code seats_sold}, the event id (I5) and any follow-up
 * work; if that transaction fails, the Redis step is undone and the PSP's redelivery tries again.
 */
@Service
class BookingPayments implements PaymentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(BookingPayments.class);
    /** Payment statuses that say the money is on its way back, or back. */
    private static final java.util.Set<String> REFUNDING = java.util.Set.of("refund_pending", "refunded");
    private static final EnumSet<BookingStatus> CONFIRMABLE =
            EnumSet.of(BookingStatus.PENDING, BookingStatus.TIMEOUT, BookingStatus.FAILED);

    private final BookingRepository bookings;
    private final SeatInventory inventory;
    private final FlightSales sales;
    private final PaymentEventRepository paymentEvents;
    private final OutboxRepository outbox;
    private final TransactionTemplate transactions;
    private final BookingMetrics metrics;

    BookingPayments(BookingRepository bookings, SeatInventory inventory, FlightSales sales,
            PaymentEventRepository paymentEvents, OutboxRepository outbox, TransactionTemplate transactions,
            BookingMetrics metrics) {
        this.bookings = bookings;
        this.inventory = inventory;
        this.sales = sales;
        this.paymentEvents = paymentEvents;
        this.outbox = outbox;
        this.transactions = transactions;
        this.metrics = metrics;
    }

    /** The outcome of one call: what the transaction decided, and which status the booking entered. */
    private record Decision(Applied applied, BookingStatus entered) {

        static final Decision UNKNOWN = new Decision(Applied.UNKNOWN_BOOKING, null);
        static final Decision DUPLICATE = new Decision(Applied.DUPLICATE, null);
        static final Decision NO_CHANGE = new Decision(Applied.APPLIED, null);
    }

    @Override
    public Applied succeeded(PaymentSucceeded payment) {
        if (!BookingIds.isWellFormed(payment.bookingId())) {
            return Applied.UNKNOWN_BOOKING;
        }
        // Sales this call made in Redis: undone if the transaction does not commit.
        List<BookingLeg> freshSales = new ArrayList<>();
        try (var ignored = MDC.putCloseable("bookingId", payment.bookingId())) {
            Decision decision;
            try {
                decision = transactions.execute(tx -> applySuccess(payment, freshSales));
            } catch (RuntimeException e) {
                undoSales(payment.bookingId(), freshSales);
                throw e;
            }
            if (decision.entered() != null) {
                metrics.entered(decision.entered(), 1);
            }
            if (decision.entered() == BookingStatus.CONFIRMED) {
                reassertSales(payment.bookingId());
            }
            return decision.applied();
        }
    }

    /** The booking an event is for, locked, with the event recorded; or why the event changes nothing. */
    private record Locked(Booking booking, Decision nothingToDo) {
    }

    private Locked lockForEvent(String bookingId, String intentId, String eventId, String type, Instant now) {
        var booking = bookings.lock(bookingId).orElse(null);
        if (booking == null || !intentMatches(booking, intentId)) {
            return new Locked(null, Decision.UNKNOWN);
        }
        if (paymentEvents.seen(eventId)) {
            return new Locked(null, Decision.DUPLICATE);
        }
        paymentEvents.record(eventId, booking.id(), type, now);
        return new Locked(booking, null);
    }

    private Decision applySuccess(PaymentSucceeded payment, List<BookingLeg> freshSales) {
        var now = BookingTime.now();
        var locked = lockForEvent(payment.bookingId(), payment.intentId(), payment.eventId(),
                "payment_intent.succeeded", now);
        if (locked.nothingToDo() != null) {
            return locked.nothingToDo();
        }
        var booking = locked.booking();
        String cause = "psp:" + payment.eventId();
        MDC.put("flightId", booking.flightIds());
        return switch (booking.status()) {
            case CONFIRMED, REFUNDED -> Decision.NO_CHANGE;
            // Never confirm what the customer cancelled; refund it, unless its refund is under way already
            // (a CONFIRMED booking cancelled before this late copy of its success arrived).
            case CANCELLED -> REFUNDING.contains(String.valueOf(booking.paymentStatus())) ? Decision.NO_CHANGE
                    : refund(booking, payment.intentId(), BookingStatus.CANCELLED, cause, now);
            case PENDING, TIMEOUT, FAILED -> confirm(booking, payment.intentId(), cause, now, freshSales);
        };
    }

    /** Redis first, then the database; no seat on some leg means REFUNDED and a refund (I3, I4). */
    private Decision confirm(Booking booking, String intentId, String cause, Instant now,
            List<BookingLeg> freshSales) {
        for (var leg : booking.legs()) {
            var result = inventory.confirm(leg.flightId(), booking.id(), leg.seats());
            if (!result.sold()) {
                log.warn("Booking {} paid after its hold lapsed and {} has no seats left: refunding", booking.id(),
                        leg.flightId());
                giveBack(booking, freshSales);
                return refund(booking, intentId, booking.status(), cause + " (no seats)", now);
            }
            if (result != ConfirmResult.ALREADY_SOLD) {
                freshSales.add(leg);
            }
        }
        List<BookingLeg> recorded = new ArrayList<>();
        for (var leg : booking.legs()) {
            if (!sales.sell(leg.flightId(), leg.seats())) {
                // I1's backstop: the database says the flight is full although Redis sold the seat.
                log.error("seats_sold of {} would pass capacity confirming {}: refunding", leg.flightId(), booking.id());
                recorded.forEach(r -> sales.unsell(r.flightId(), r.seats()));
                giveBack(booking, freshSales);
                return refund(booking, intentId, booking.status(), cause + " (database full)", now);
            }
            recorded.add(leg);
        }
        bookings.recordPayment(booking.id(), intentId, "succeeded", now);
        bookings.transition(booking.id(), CONFIRMABLE, BookingStatus.CONFIRMED, now);
        bookings.recordEvent(booking.id(), booking.status(), BookingStatus.CONFIRMED, cause, now);
        log.info("Booking {} confirmed: {} seats sold on {}", booking.id(), booking.seats(), booking.flightIds());
        return new Decision(Applied.APPLIED, BookingStatus.CONFIRMED);
    }

    private Decision refund(Booking booking, String intentId, BookingStatus from, String cause, Instant now) {
        bookings.transition(booking.id(), EnumSet.of(from), BookingStatus.REFUNDED, now);
        bookings.recordEvent(booking.id(), from, BookingStatus.REFUNDED, cause, now);
        bookings.recordPayment(booking.id(), intentId, "refund_pending", now);
        outbox.add(booking.id(), OutboxRepository.Kind.REFUND, intentId != null ? intentId : booking.paymentIntentId(), now);
        log.info("Booking {} REFUNDED ({}); refund queued", booking.id(), cause);
        return new Decision(Applied.APPLIED, BookingStatus.REFUNDED);
    }

    @Override
    public Applied failed(PaymentFailed payment) {
        if (!BookingIds.isWellFormed(payment.bookingId())) {
            return Applied.UNKNOWN_BOOKING;
        }
        try (var ignored = MDC.putCloseable("bookingId", payment.bookingId())) {
            var failed = new ArrayList<Booking>();
            Decision decision = transactions.execute(tx -> {
                var now = BookingTime.now();
                var locked = lockForEvent(payment.bookingId(), payment.intentId(), payment.eventId(),
                        "payment_intent.payment_failed", now);
                if (locked.nothingToDo() != null) {
                    return locked.nothingToDo();
                }
                var booking = locked.booking();
                if (booking.status() != BookingStatus.PENDING || "succeeded".equals(booking.paymentStatus())) {
                    // A failure after a success (even one not applied yet), a lapse or a cancel changes nothing (I5).
                    return Decision.NO_CHANGE;
                }
                bookings.recordPayment(booking.id(), payment.intentId(), "requires_payment_method", now);
                bookings.transition(booking.id(), EnumSet.of(BookingStatus.PENDING), BookingStatus.FAILED, now);
                bookings.recordEvent(booking.id(), BookingStatus.PENDING, BookingStatus.FAILED,
                        "psp:" + payment.eventId() + " (" + payment.reason() + ")", now);
                // Released right after the commit below; the outbox makes sure of it if that fails.
                outbox.add(booking.id(), OutboxRepository.Kind.RELEASE_HOLD, now);
                failed.add(booking);
                return new Decision(Applied.APPLIED, BookingStatus.FAILED);
            });
            // The database decided; now the seats go back at once.
            for (var booking : failed) {
                MDC.put("flightId", booking.flightIds());
                for (var leg : booking.legs()) {
                    releaseHoldQuietly(booking.id(), leg);
                }
                log.info("Booking {} FAILED ({}); hold released", booking.id(), payment.reason());
            }
            if (decision.entered() != null) {
                metrics.entered(decision.entered(), 1);
            }
            return decision.applied();
        }
    }

    /**
     * The transaction did not commit: give back the sales this call made in Redis, under the row
     * lock and only if no other answer confirmed the booking meanwhile (its sale is then theirs).
     * If the database is down too, the reconciler repairs Redis later.
     */
    private void undoSales(String bookingId, List<BookingLeg> freshSales) {
        if (freshSales.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(tx -> {
                var booking = bookings.lock(bookingId).orElse(null);
                if (booking == null || booking.status() != BookingStatus.CONFIRMED) {
                    freshSales.forEach(leg -> releaseSaleQuietly(bookingId, leg));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not undo the Redis sales of {}; the reconciler repairs them: {}", bookingId, e.getMessage());
        }
    }

    /**
     * After the commit, makes sure Redis still has the sale: a Redis reset during the confirm may
     * have rebuilt it as a hold. confirm_seats.lua is idempotent, so this changes nothing normally.
     */
    private void reassertSales(String bookingId) {
        var booking = bookings.find(bookingId).orElse(null);
        if (booking == null) {
            return;
        }
        for (var leg : booking.legs()) {
            try {
                inventory.confirm(leg.flightId(), bookingId, leg.seats());
            } catch (RuntimeException e) {
                log.warn("Could not re-assert the sale of {} on {}; the reconciler repairs it: {}", bookingId,
                        leg.flightId(), e.getMessage());
            }
        }
    }

    /** An event names the booking in its metadata; it must also be that booking's intent, once known. */
    private static boolean intentMatches(Booking booking, String intentId) {
        return booking.paymentIntentId() == null || intentId == null || booking.paymentIntentId().equals(intentId);
    }

    /** A booking that will not keep its seats gives back every leg: sales and any live holds. */
    private void giveBack(Booking booking, List<BookingLeg> freshSales) {
        for (var leg : booking.legs()) {
            releaseSaleQuietly(booking.id(), leg);
            releaseHoldQuietly(booking.id(), leg);
        }
        freshSales.clear();
    }

    private void releaseSaleQuietly(String bookingId, BookingLeg leg) {
        try {
            inventory.releaseSale(leg.flightId(), bookingId);
        } catch (RuntimeException e) {
            // The reconciler repairs Redis from the database; the sale is not in the database.
            log.warn("Could not undo the Redis sale of {} on {}: {}", bookingId, leg.flightId(), e.getMessage());
        }
    }

    private void releaseHoldQuietly(String bookingId, BookingLeg leg) {
        try {
            inventory.release(leg.flightId(), bookingId);
        } catch (RuntimeException e) {
            log.warn("Could not release the hold of {} on {}; it lapses: {}", bookingId, leg.flightId(), e.getMessage());
        }
    }

}
