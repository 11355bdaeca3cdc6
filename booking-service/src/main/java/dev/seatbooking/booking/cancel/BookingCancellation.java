package dev.seatbooking.booking.cancel;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingLeg;
import dev.seatbooking.booking.BookingNotFound;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.booking.PaymentStatuses;
import dev.seatbooking.booking.StatusChanges;
import dev.seatbooking.booking.claim.SeatHolds;
import dev.seatbooking.flight.FlightSales;
import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.security.Caller;
import dev.seatbooking.system.LogContext;
import java.time.Clock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code DELETE /v1/bookings/{id}}. A PENDING booking releases its hold and its intent is
 * cancelled (an authorization voided); a CONFIRMED one is refunded (voided, if its capture has not
 * happened yet) and its seats go back, in the database in the same
 * transaction and in Redis right after. The database decides first; cancelling twice changes nothing.
 */
@Service
class BookingCancellation {

    private static final Logger log = LoggerFactory.getLogger(BookingCancellation.class);

    private final BookingRepository bookings;
    private final FlightSales sales;
    private final Outbox outbox;
    private final SeatHolds holds;
    private final SeatInventory inventory;
    private final TransactionTemplate transactions;
    private final StatusChanges statusChanges;
    private final Clock clock;

    BookingCancellation(BookingRepository bookings, FlightSales sales, Outbox outbox, SeatHolds holds,
            SeatInventory inventory, TransactionTemplate transactions, StatusChanges statusChanges, Clock clock) {
        this.clock = clock;
        this.bookings = bookings;
        this.sales = sales;
        this.outbox = outbox;
        this.holds = holds;
        this.inventory = inventory;
        this.transactions = transactions;
        this.statusChanges = statusChanges;
    }

    /** The customer's (or an admin's) cancel: a booking the caller may not see is not found. */
    Booking cancel(String bookingId, Caller caller) {
        cancel(bookingId, b -> caller.mayAccess(b.userId()), "request");
        return bookings.find(bookingId).orElseThrow();
    }

    /**
     * The cancel of a booking on a cancelled flight, as its customer's would be. True when it was
     * cancelled now; false when it was cancelled before or ended otherwise meanwhile.
     */
    boolean cancelForFlight(String bookingId, String flightId) {
        try {
            return cancel(bookingId, b -> true, "flight " + flightId + " cancelled") != BookingStatus.CANCELLED;
        } catch (BookingNotCancellable e) {
            return false;
        }
    }

    /** Answers the status the booking had before; CANCELLED when it was already. */
    private BookingStatus cancel(String bookingId, Predicate<Booking> mayAccess, String cause) {
        try (var ignored = LogContext.put("bookingId", bookingId)) {
            var now = clock.instant();
            var before = transactions.execute(tx -> {
                var booking = bookings.lock(bookingId).filter(mayAccess)
                        .orElseThrow(() -> new BookingNotFound(bookingId));
                switch (booking.status()) {
                    case CANCELLED -> {
                        return booking;
                    }
                    case PENDING -> {
                        outbox.add(bookingId, booking.flightIds(), OutboxKind.RELEASE_HOLD, null, now);
                        if (booking.paymentIntentId() != null) {
                            // Voids an authorization; a payment still processing is checked until it ends.
                            outbox.add(bookingId, booking.flightIds(), OutboxKind.CANCEL_INTENT,
                                    booking.paymentIntentId(), now);
                            bookings.recordPayment(bookingId, null, PaymentStatuses.VOID_PENDING, now);
                        } else {
                            // A start under way may have made an intent it has not recorded, and its
                            // process may die before it does: events naming the booking are no longer
                            // waited for, so a payment they report is refunded as a stranger's.
                            bookings.abandonPaymentStart(bookingId, now);
                        }
                    }
                    case CONFIRMED -> {
                        booking.legs().forEach(leg -> sales.unsell(leg.flightId(), leg.seats()));
                        outbox.add(bookingId, booking.flightIds(), OutboxKind.RELEASE_SALE, null, now);
                        outbox.add(bookingId, booking.flightIds(), OutboxKind.REFUND, booking.paymentIntentId(), now);
                        bookings.recordPayment(bookingId, null, PaymentStatuses.REFUND_PENDING, now);
                    }
                    default -> throw new BookingNotCancellable(bookingId, booking.status());
                }
                statusChanges.change(booking, BookingStatus.CANCELLED, cause, now);
                return booking;
            });
            MDC.put("flightId", before.flightIds());
            if (before.status() == BookingStatus.CANCELLED) {
                return before.status();
            }
            if (before.status() == BookingStatus.PENDING) {
                holds.releaseOrLeaveToOutbox(bookingId, before.legs());
            } else {
                before.legs().forEach(leg -> releaseSale(bookingId, leg));
            }
            log.info("Booking {} cancelled from {} ({}); seats on {} given back", bookingId, before.status(), cause,
                    before.flightIds());
            return before.status();
        }
    }

    private void releaseSale(String bookingId, BookingLeg leg) {
        try {
            inventory.releaseSale(leg.flightId(), bookingId);
        } catch (RuntimeException e) {
            // The database gave the seats back; the reconciler repairs Redis from it.
            log.warn("Could not release the Redis sale of {} on {}: {}", bookingId, leg.flightId(), e.getMessage());
        }
    }
}
