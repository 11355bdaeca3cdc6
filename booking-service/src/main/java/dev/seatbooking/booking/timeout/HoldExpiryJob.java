package dev.seatbooking.booking.timeout;

import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.StatusChanges;
import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxKind;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks PENDING bookings whose hold has lapsed as TIMEOUT (I8). Their seats are free already: every
 * script purges lapsed holds before deciding, so nothing here touches Redis. Safe on several
 * instances: each batch is locked with SKIP LOCKED and the update is guarded on PENDING. Run by
 * {@link BookingJobs} on instances with {@code booking.expiry-job-enabled}.
 */
@Component
class HoldExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);
    private static final int BATCH = 500;

    private final BookingRepository bookings;
    private final SeatInventory inventory;
    private final TransactionTemplate transactions;
    private final StatusChanges statusChanges;
    private final Outbox outbox;

    HoldExpiryJob(BookingRepository bookings, SeatInventory inventory, TransactionTemplate transactions,
            StatusChanges statusChanges, Outbox outbox) {
        this.bookings = bookings;
        this.inventory = inventory;
        this.transactions = transactions;
        this.statusChanges = statusChanges;
        this.outbox = outbox;
    }

    void timeOutLapsedHolds() {
        try {
            // Redis decides when holds lapse; without its clock the round waits, rather than time
            // out a hold that is still live by Redis time.
            var now = inventory.now();
            int batch;
            do {
                batch = timeOutBatch(now);
            } while (batch == BATCH);
        } catch (RuntimeException e) {
            // The next round tries again; a failure must not stop the schedule.
            log.warn("Hold expiry job failed: {}", e.getMessage());
        }
    }

    private int timeOutBatch(Instant now) {
        Map<String, String> timedOut = transactions.execute(tx -> {
            var lapsed = bookings.lockLapsedPending(now, BATCH);
            if (lapsed.isEmpty()) {
                return Map.<String, String>of();
            }
            var flightIds = bookings.flightIdsOf(lapsed);
            statusChanges.timeOut(flightIds, "job:hold-expiry", now);
            // A payment may still succeed, and its webhook may never come: ask the PSP later.
            bookings.intentsOf(lapsed).forEach((bookingId, intentId) ->
                    outbox.add(bookingId, flightIds.get(bookingId), OutboxKind.CHECK_INTENT, intentId, now));
            return flightIds;
        });
        if (timedOut == null) {
            return 0;
        }
        timedOut.forEach((bookingId, flightIds) -> log.atInfo()
                .addKeyValue("bookingId", bookingId)
                .addKeyValue("flightId", flightIds)
                .log("Booking {} timed out: its hold lapsed", bookingId));
        return timedOut.size();
    }
}
