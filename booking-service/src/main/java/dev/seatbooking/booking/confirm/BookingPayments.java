package dev.seatbooking.booking.confirm;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingIds;
import dev.seatbooking.booking.BookingLeg;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.booking.StatusChanges;
import dev.seatbooking.flight.FlightSales;
import dev.seatbooking.flight.FlightCatalog;
import dev.seatbooking.inventory.ConfirmResult;
import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.payment.ForeignPaymentRepository;
import dev.seatbooking.payment.PaymentAmounts;
import dev.seatbooking.payment.PaymentEventRepository;
import dev.seatbooking.payment.PaymentFailed;
import dev.seatbooking.payment.PaymentOutcomes;
import dev.seatbooking.payment.PaymentStartUnderWay;
import dev.seatbooking.payment.PaymentSucceeded;
import dev.seatbooking.system.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
 * <p>
 * Only the booking's own payment moves it (DESIGN section 6, "Whose money confirms what"): the
 * intent its payment start recorded, for exactly its price. Any other payment that names the
 * booking is foreign: refunded once, noted in the booking's history, and the status stays.
 */
@Service
public class BookingPayments implements PaymentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(BookingPayments.class);
    /**
     * How long after its hold lapsed a payment start may still record its intent: the start stops
     * retrying at the lapse, but a PSP call then in flight may take its timeouts and SDK retries.
     */
    private static final Duration START_GRACE = Duration.ofMinutes(1);

    private final BookingRepository bookings;
    private final SeatInventory inventory;
    private final FlightSales sales;
    private final PaymentEventRepository paymentEvents;
    private final ForeignPaymentRepository foreignPayments;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final StatusChanges statusChanges;
    private final FlightCatalog flights;
    private final Clock clock;

    BookingPayments(BookingRepository bookings, SeatInventory inventory, FlightSales sales,
            PaymentEventRepository paymentEvents, ForeignPaymentRepository foreignPayments, Outbox outbox,
            TransactionTemplate transactions, StatusChanges statusChanges, Clock clock, FlightCatalog flights) {
        this.clock = clock;
        this.flights = flights;
        this.bookings = bookings;
        this.inventory = inventory;
        this.sales = sales;
        this.paymentEvents = paymentEvents;
        this.foreignPayments = foreignPayments;
        this.outbox = outbox;
        this.transactions = transactions;
        this.statusChanges = statusChanges;
    }

    /** The outcome of one call: what the transaction decided, and which status the booking entered. */
    private record Decision(Applied applied, BookingStatus entered) {

        static final Decision UNKNOWN = new Decision(Applied.UNKNOWN_BOOKING, null);
        static final Decision DUPLICATE = new Decision(Applied.DUPLICATE, null);
        static final Decision NO_CHANGE = new Decision(Applied.APPLIED, null);
        static final Decision FOREIGN = new Decision(Applied.FOREIGN, null);
    }

    /** Whose payment an event tells of, as far as its booking is concerned. */
    private enum Whose {
        /** The intent the booking's payment start recorded. */
        OWN,
        /** Any other intent: never the booking's payment. */
        FOREIGN,
        /** The booking's start has not recorded its intent yet: this may be it, ask again later. */
        NOT_KNOWN_YET
    }

    private static Whose whose(Booking booking, String intentId, Instant now) {
        if (booking.paymentIntentId() != null) {
            return booking.paymentIntentId().equals(intentId) ? Whose.OWN : Whose.FOREIGN;
        }
        boolean starting = PaymentStatuses.STARTING.equals(booking.paymentStatus())
                && now.isBefore(booking.holdExpiresAt().plus(START_GRACE));
        return starting ? Whose.NOT_KNOWN_YET : Whose.FOREIGN;
    }

    @Override
    public Applied succeeded(PaymentSucceeded payment) {
        if (!BookingIds.isWellFormed(payment.bookingId()) || payment.intentId() == null) {
            return Applied.UNKNOWN_BOOKING;
        }
        // Sales this call made in Redis: undone if the transaction does not commit.
        List<BookingLeg> freshSales = new ArrayList<>();
        try (var ignored = LogContext.put("bookingId", payment.bookingId())) {
            Decision decision;
            try {
                decision = transactions.execute(tx -> applySuccess(payment, freshSales));
            } catch (RuntimeException e) {
                undoSales(payment.bookingId(), freshSales);
                throw e;
            }
            if (decision.entered() == BookingStatus.CONFIRMED) {
                reassertSales(payment.bookingId());
            }
            return decision.applied();
        }
    }

    /**
     * The booking an event is for, locked and the event not seen before (no event id: the start's
     * own failure, which no PSP event carries); or why the event changes nothing.
     */
    private record Locked(Booking booking, Decision nothingToDo) {
    }

    private Locked lockForEvent(String bookingId, @Nullable String eventId) {
        var booking = bookings.lock(bookingId).orElse(null);
        if (booking == null) {
            return new Locked(null, Decision.UNKNOWN);
        }
        if (eventId != null && paymentEvents.seen(eventId)) {
            return new Locked(null, Decision.DUPLICATE);
        }
        MDC.put("flightId", booking.flightIds());
        return new Locked(booking, null);
    }

    private Decision applySuccess(PaymentSucceeded payment, List<BookingLeg> freshSales) {
        var now = clock.instant();
        var locked = lockForEvent(payment.bookingId(), payment.eventId());
        if (locked.nothingToDo() != null) {
            return locked.nothingToDo();
        }
        var booking = locked.booking();
        var whose = whose(booking, payment.intentId(), now);
        if (whose == Whose.NOT_KNOWN_YET) {
            // Nothing recorded: the PSP delivers the event again once the start knows its intent.
            throw new PaymentStartUnderWay(booking.id());
        }
        paymentEvents.record(payment.eventId(), booking.id(), payment.type(), now);
        String cause = "psp:" + payment.eventId();
        if (whose == Whose.FOREIGN || !PaymentAmounts.sameAmount(booking.totalPrice(), booking.currency(),
                payment.amount(), payment.currency())) {
            return foreign(booking, payment, cause, now);
        }
        if (!payment.captured() && booking.status() != BookingStatus.CANCELLED
                && PaymentStatuses.authorizationEnded(booking.paymentStatus())) {
            // A copy of an authorization that was voided, or whose capture was refused: it buys nothing.
            return Decision.NO_CHANGE;
        }
        return switch (booking.status()) {
            case CONFIRMED -> payment.captured() ? captured(booking, payment.intentId(), now) : Decision.NO_CHANGE;
            case REFUNDED -> Decision.NO_CHANGE;
            // Never confirm what the customer cancelled; give it back, unless that is under way already
            // (a CONFIRMED booking cancelled before this late copy of its success arrived).
            case CANCELLED -> cancelledPaid(booking, payment, cause, now);
            case PENDING, TIMEOUT, FAILED -> confirm(booking, payment, cause, now, freshSales);
        };
    }

    /** The success of a CONFIRMED booking's payment: its capture, if it was waiting for one. */
    private Decision captured(Booking booking, String intentId, Instant now) {
        bookings.recordPaymentIf(booking.id(), intentId, PaymentStatuses.CAPTURE_PENDING, PaymentStatuses.CAPTURED, now);
        return Decision.NO_CHANGE;
    }

    /** A cancelled booking's payment went through: refunded if captured, voided if only authorized. */
    private Decision cancelledPaid(Booking booking, PaymentSucceeded payment, String cause, Instant now) {
        String status = booking.paymentStatus();
        if (PaymentStatuses.refunding(status)) {
            return Decision.NO_CHANGE; // the refund voids an authorization not captured yet
        }
        if (payment.captured()) {
            return refund(booking, payment.intentId(), cause, now);
        }
        if (PaymentStatuses.CANCELED.equals(status)) {
            return Decision.NO_CHANGE;
        }
        // Voided even if a void is queued already: that one may have been refused while the payment
        // was processing. A second void of the same intent changes nothing at the PSP.
        voidAuthorization(booking, payment.intentId(), cause, now);
        return Decision.NO_CHANGE;
    }

    /**
     * A payment that names the booking but is not its own for its price: whoever made it, it buys
     * nothing. It is refunded once (the intent id is recorded), the booking's history says so, and
     * the booking's status and payment stay as they are.
     */
    private Decision foreign(Booking booking, PaymentSucceeded payment, String cause, Instant now) {
        if (bookings.isIntentOfAnother(payment.intentId(), booking.id())) {
            // Another booking's own payment, named here by an event that was tampered with or mixed up:
            // that booking's own events decide it; refunding it here would take its seat's money back.
            log.warn("Payment {} names booking {} but is the payment of another booking: ignored", payment.intentId(),
                    booking.id());
            return Decision.FOREIGN;
        }
        if (foreignPayments.record(payment, now)) {
            outbox.add(booking.id(), booking.flightIds(), OutboxKind.REFUND_FOREIGN, payment.intentId(), now);
            statusChanges.note(booking, cause + " (payment " + payment.intentId() + " of "
                    + payment.amount() + " " + payment.currency() + " is not this booking's: refunded)", now);
            log.warn("Payment {} ({} {}) names booking {} but is not its own payment for its price: refunding it",
                    payment.intentId(), payment.amount(), payment.currency(), booking.id());
        }
        return Decision.FOREIGN;
    }

    /**
     * Redis first, then the database; no seat on some leg means no sale (I3, I4): a captured payment
     * is refunded (REFUNDED), an authorization voided. A sale on an authorization captures it next.
     */
    private Decision confirm(Booking booking, PaymentSucceeded payment, String cause, Instant now,
            List<BookingLeg> freshSales) {
        String intentId = payment.intentId();
        for (var leg : booking.legs()) {
            // A hold never outlives its flight's departure (claims close a hold's TTL before it): what
            // comes after it is a late payment, and a seat on a plane that left is no seat.
            if (!flights.get(leg.flightId()).departureTime().isAfter(now)) {
                log.warn("Booking {} paid after flight {} departed: giving the payment back", booking.id(), leg.flightId());
                return noSale(booking, payment, cause + " (flight " + leg.flightId() + " departed)", now);
            }
        }
        for (var leg : booking.legs()) {
            var result = inventory.confirm(leg.flightId(), booking.id(), leg.seats());
            if (result == ConfirmResult.FLIGHT_CANCELLED) {
                log.warn("Booking {} paid but flight {} is cancelled: giving the payment back", booking.id(),
                        leg.flightId());
                giveBack(booking, freshSales);
                return noSale(booking, payment, cause + " (flight " + leg.flightId() + " cancelled)", now);
            }
            if (!result.sold()) {
                log.warn("Booking {} paid after its hold lapsed and {} has no seats left: giving the payment back",
                        booking.id(), leg.flightId());
                giveBack(booking, freshSales);
                return noSale(booking, payment, cause + " (no seats)", now);
            }
            if (result != ConfirmResult.ALREADY_SOLD) {
                freshSales.add(leg);
            }
        }
        List<BookingLeg> recorded = new ArrayList<>();
        for (var leg : booking.legs()) {
            if (!sales.sell(leg.flightId(), leg.seats())) {
                // I1's backstop: the database says the flight is full (or cancelled) although Redis sold the seat.
                log.error("seats_sold of {} would pass capacity, or it is cancelled, confirming {}: giving the payment back",
                        leg.flightId(), booking.id());
                recorded.forEach(r -> sales.unsell(r.flightId(), r.seats()));
                giveBack(booking, freshSales);
                return noSale(booking, payment, cause + " (database refused the sale: flight full or cancelled)", now);
            }
            recorded.add(leg);
        }
        if (payment.captured()) {
            bookings.recordPayment(booking.id(), intentId, PaymentStatuses.SUCCEEDED, now);
        } else {
            // The money moves now that the seats are sold: the capture is retried until the PSP answers.
            bookings.recordPayment(booking.id(), intentId, PaymentStatuses.CAPTURE_PENDING, now);
            outbox.add(booking.id(), booking.flightIds(), OutboxKind.CAPTURE, intentId, now);
        }
        statusChanges.change(booking, BookingStatus.CONFIRMED, cause, now);
        log.info("Booking {} confirmed: {} seats sold on {}", booking.id(), booking.seats(), booking.flightIds());
        return new Decision(Applied.APPLIED, BookingStatus.CONFIRMED);
    }

    /**
     * The payment cannot buy the seats: a captured one is refunded (REFUNDED); an authorization is
     * voided and nothing was taken, so a TIMEOUT or FAILED booking keeps its status and a PENDING one
     * fails.
     */
    private Decision noSale(Booking booking, PaymentSucceeded payment, String cause, Instant now) {
        if (payment.captured()) {
            return refund(booking, payment.intentId(), cause, now);
        }
        voidAuthorization(booking, payment.intentId(), cause, now);
        return booking.status() == BookingStatus.PENDING ? markFailed(booking, cause, now) : Decision.NO_CHANGE;
    }

    /** Queues the void of the booking's own authorization, and notes why in its history. */
    private void voidAuthorization(Booking booking, String intentId, String cause, Instant now) {
        bookings.recordPayment(booking.id(), intentId, PaymentStatuses.VOID_PENDING, now);
        outbox.add(booking.id(), booking.flightIds(), OutboxKind.CANCEL_INTENT, intentId, now);
        statusChanges.note(booking, cause + " (authorization " + intentId + " voided: nothing taken)", now);
        log.info("Booking {} ({}): authorization {} to be voided ({})", booking.id(), booking.status(), intentId, cause);
    }

    private Decision refund(Booking booking, String intentId, String cause, Instant now) {
        statusChanges.change(booking, BookingStatus.REFUNDED, cause, now);
        bookings.recordPayment(booking.id(), intentId, PaymentStatuses.REFUND_PENDING, now);
        outbox.add(booking.id(), booking.flightIds(), OutboxKind.REFUND, intentId, now);
        log.info("Booking {} REFUNDED ({}); refund queued", booking.id(), cause);
        return new Decision(Applied.APPLIED, BookingStatus.REFUNDED);
    }

    /** A failure of the booking's own intent; a failure of any other intent changes nothing. */
    @Override
    public Applied failed(PaymentFailed payment) {
        if (!BookingIds.isWellFormed(payment.bookingId()) || payment.intentId() == null) {
            return Applied.UNKNOWN_BOOKING;
        }
        return fail(payment.bookingId(), (booking, now) -> {
            var whose = whose(booking, payment.intentId(), now);
            if (whose == Whose.NOT_KNOWN_YET) {
                throw new PaymentStartUnderWay(booking.id());
            }
            paymentEvents.record(payment.eventId(), booking.id(), "payment_intent.payment_failed", now);
            if (whose == Whose.FOREIGN) {
                // Nothing was taken: nothing to refund, nothing to change.
                return Decision.FOREIGN;
            }
            if (booking.status() != BookingStatus.PENDING || PaymentStatuses.SUCCEEDED.equals(booking.paymentStatus())
                    || PaymentStatuses.REQUIRES_CAPTURE.equals(booking.paymentStatus())) {
                // A failure after a success (even one not applied yet), a lapse or a cancel changes nothing (I5).
                return Decision.NO_CHANGE;
            }
            bookings.recordPayment(booking.id(), payment.intentId(), PaymentStatuses.REQUIRES_PAYMENT_METHOD, now);
            return markFailed(booking, "psp:" + payment.eventId() + " (" + payment.reason() + ")", now);
        }, payment.eventId(), payment.reason());
    }

    /**
     * The payment start ended without an intent: the PSP refused it as asked (an unknown payment
     * method, say), or the start broke. No money was taken; the booking fails and its seats go back.
     */
    public void startFailed(String bookingId, String reason) {
        fail(bookingId, (booking, now) -> {
            if (booking.status() != BookingStatus.PENDING || booking.paymentIntentId() != null) {
                return Decision.NO_CHANGE;
            }
            bookings.recordPayment(booking.id(), null, reason, now);
            return markFailed(booking, "payment start (" + reason + ")", now);
        }, null, reason);
    }

    /**
     * The PSP refused for good to capture the authorization of a CONFIRMED booking ({@code reason}:
     * refused, or authorization_expired): nothing was taken, so the sale is undone under the row
     * lock, the booking FAILS and its seats go back once (in the database now, in Redis right after
     * the commit, through the outbox if that fails). A booking cancelled meanwhile gave its seats back
     * already and changes nothing. True if the sale was undone now.
     */
    public boolean captureFailed(String bookingId, String intentId, String reason) {
        try (var ignored = LogContext.put("bookingId", bookingId)) {
            var undone = transactions.execute(tx -> {
                var now = clock.instant();
                var booking = bookings.lock(bookingId).orElse(null);
                if (booking == null || booking.status() != BookingStatus.CONFIRMED
                        || !intentId.equals(booking.paymentIntentId())) {
                    return null;
                }
                MDC.put("flightId", booking.flightIds());
                booking.legs().forEach(leg -> sales.unsell(leg.flightId(), leg.seats()));
                bookings.recordPayment(bookingId, intentId, PaymentStatuses.CAPTURE_FAILED, now);
                statusChanges.change(booking, BookingStatus.FAILED, "capture of " + intentId + " " + reason, now);
                outbox.add(bookingId, booking.flightIds(), OutboxKind.RELEASE_SALE, null, now);
                return booking;
            });
            if (undone == null) {
                log.info("Capture of {} for {} {}: the booking is no longer CONFIRMED, nothing to undo", intentId,
                        bookingId, reason);
                return false;
            }
            undone.legs().forEach(leg -> releaseSaleQuietly(bookingId, leg));
            log.warn("Booking {} FAILED: capture of {} {}; its sale is undone and seats on {} given back", bookingId,
                    intentId, reason, undone.flightIds());
            return true;
        }
    }

    private interface FailureStep {
        Decision apply(Booking booking, Instant now);
    }

    /** Runs a failure under the booking's row lock; a booking it fails gives its holds back after the commit. */
    private Applied fail(String bookingId, FailureStep step, @Nullable String eventId, String reason) {
        try (var ignored = LogContext.put("bookingId", bookingId)) {
            var failed = new ArrayList<Booking>();
            Decision decision = transactions.execute(tx -> {
                var locked = lockForEvent(bookingId, eventId);
                if (locked.nothingToDo() != null) {
                    return locked.nothingToDo();
                }
                var result = step.apply(locked.booking(), clock.instant());
                if (result.entered() == BookingStatus.FAILED) {
                    failed.add(locked.booking());
                }
                return result;
            });
            // The database decided; now the seats go back at once.
            for (var booking : failed) {
                for (var leg : booking.legs()) {
                    releaseHoldQuietly(booking.id(), leg);
                }
                log.info("Booking {} FAILED ({}); hold released", booking.id(), reason);
            }
            return decision.applied();
        }
    }

    private Decision markFailed(Booking booking, String cause, Instant now) {
        statusChanges.change(booking, BookingStatus.FAILED, cause, now);
        // Released right after the commit; the outbox makes sure of it if that fails.
        outbox.add(booking.id(), booking.flightIds(), OutboxKind.RELEASE_HOLD, null, now);
        return new Decision(Applied.APPLIED, BookingStatus.FAILED);
    }

    /**
     * The transaction did not commit: undo the sales this call made in Redis, under the row lock
     * and only if no other answer confirmed the booking meanwhile (its sale is then theirs). A
     * PENDING booking's sale becomes its hold again, with the expiry it recorded: the buyer paid
     * and the PSP's redelivery will confirm it, so the seat must not go back on sale meanwhile.
     * If the database is down too, the reconciler repairs Redis later.
     */
    private void undoSales(String bookingId, List<BookingLeg> freshSales) {
        if (freshSales.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(tx -> {
                var booking = bookings.lock(bookingId).orElse(null);
                if (booking == null || booking.status() == BookingStatus.CONFIRMED) {
                    return;
                }
                for (var leg : freshSales) {
                    undoSaleQuietly(booking, leg);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not undo the Redis sales of {}; the reconciler repairs them: {}", bookingId, e.getMessage());
        }
    }

    private void undoSaleQuietly(Booking booking, BookingLeg leg) {
        try {
            if (booking.status() == BookingStatus.PENDING) {
                var undone = inventory.undoSale(leg.flightId(), booking.id(), booking.holdExpiresAt());
                log.info("Confirm of {} undone on {}: {}", booking.id(), leg.flightId(), undone);
            } else {
                // TIMEOUT or FAILED: its sale came from free seats, which go back on sale.
                inventory.releaseSale(leg.flightId(), booking.id());
            }
        } catch (RuntimeException e) {
            // The reconciler repairs Redis from the database, where the sale is not.
            log.warn("Could not undo the Redis sale of {} on {}: {}", booking.id(), leg.flightId(), e.getMessage());
        }
    }

    /**
     * After the commit, makes sure Redis still has the sale: a Redis reset during the confirm may
     * have rebuilt it as a hold. confirm_seats.lua is idempotent, so this changes nothing normally.
     * Under the row lock, and only while the booking is CONFIRMED: a cancel that committed meanwhile
     * has given the seats back, and selling them again here would hold them for nobody.
     */
    public void reassertSales(String bookingId) {
        try {
            transactions.executeWithoutResult(tx -> {
                var booking = bookings.lock(bookingId).orElse(null);
                if (booking == null || booking.status() != BookingStatus.CONFIRMED) {
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
            });
        } catch (RuntimeException e) {
            log.warn("Could not re-assert the sales of {}; the reconciler repairs them: {}", bookingId, e.getMessage());
        }
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
