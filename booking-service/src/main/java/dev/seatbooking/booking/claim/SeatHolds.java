package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingLeg;
import dev.seatbooking.booking.BookingProperties;
import dev.seatbooking.idempotency.RequestInProgress;
import dev.seatbooking.inventory.ClaimMarker;
import dev.seatbooking.inventory.ClaimResult;
import dev.seatbooking.inventory.SeatInventory;
import dev.seatbooking.system.InMemoryRetries;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds for a whole itinerary. Legs may live in different Redis Cluster slots, so they are claimed
 * one flight at a time in flight-id order; a leg that fails releases the legs taken before it (I9).
 */
@Component
public class SeatHolds {

    private static final Logger log = LoggerFactory.getLogger(SeatHolds.class);

    private static final Duration RELEASE_RETRY = Duration.ofMillis(500);

    private final SeatInventory inventory;
    private final BookingProperties properties;
    /** Releases waiting for Redis to take them; exported as booking.holds.release_retries. */
    private final AtomicInteger releasesRetrying = new AtomicInteger();
    private final Clock clock;
    private final InMemoryRetries retries;

    SeatHolds(SeatInventory inventory, BookingProperties properties, MeterRegistry registry, Clock clock,
            InMemoryRetries retries) {
        this.clock = clock;
        this.retries = retries;
        this.inventory = inventory;
        this.properties = properties;
        registry.gauge("booking.holds.release_retries", releasesRetrying);
    }

    /**
     * Holds every leg, or none; returns the earliest expiry of the legs' holds. A keyed claim's
     * marker goes with the first leg's call: refused there while another request under the key runs.
     * {@code idTaken} says whether a booking with this id exists: then the id is someone else's.
     */
    Instant hold(String bookingId, List<BookingLeg> legs, @Nullable ClaimMarker marker, Predicate<String> idTaken) {
        List<BookingLeg> taken = new ArrayList<>();
        Instant expiresAt = null;
        try {
            for (var leg : legs) {
                // Counted as taken before the call: a call that times out may still have run in Redis.
                taken.add(leg);
                var hold = inventory.claim(leg.flightId(), bookingId, leg.seats(), properties.holdTtl(),
                        taken.size() == 1 ? marker : null);
                if (hold.result() == ClaimResult.IN_PROGRESS) {
                    taken.clear(); // the first leg's call: nothing is held
                    throw new RequestInProgress();
                }
                // A fresh id already holding (or owning) seats here: another booking drew it before,
                // unless the client replayed this very call after a lost connection. That hold is
                // not this claim's to give back, only the legs before it are.
                if (hold.result() == ClaimResult.ALREADY_HELD && idTaken.test(bookingId)) {
                    taken.removeLast();
                    release(bookingId, taken);
                    taken.clear();
                    throw new BookingIdTaken(bookingId);
                }
                if (!hold.result().holds()) {
                    release(bookingId, taken.subList(0, taken.size() - 1));
                    throw hold.result() == ClaimResult.CLOSED ? new FlightClosed(leg.flightId())
                            : new SeatsUnavailable(leg.flightId());
                }
                expiresAt = expiresAt == null || hold.expiresAt().isBefore(expiresAt) ? hold.expiresAt() : expiresAt;
            }
        } catch (RuntimeException e) {
            if (!(e instanceof SeatsUnavailable) && !(e instanceof FlightClosed) && !(e instanceof RequestInProgress)
                    && !(e instanceof BookingIdTaken)) {
                release(bookingId, taken);
            }
            throw e;
        }
        return expiresAt;
    }

    /** Whether a keyed claim's marker is set in the flight's slot, or may be (see {@link SeatInventory#markerMayBeSet}). */
    boolean markerMayBeSet(String flightId, String markerKey) {
        return inventory.markerMayBeSet(flightId, markerKey);
    }

    /** Whether the flight is in the memory of full flights at all, fresh or lapsed. */
    boolean remembersFull(String flightId) {
        return inventory.remembersFull(flightId);
    }

    /** Whether this leg would be refused as far as this instance knows without claiming (see {@link SeatInventory#refusesFromMemory}). */
    boolean refusesFromMemory(BookingLeg leg) {
        return inventory.refusesFromMemory(leg.flightId(), leg.seats());
    }

    /**
     * Checks after the booking is committed that Redis still holds its legs, taking them again if a
     * Redis reset lost them (I6). False when a leg could not be taken again.
     */
    boolean reassert(Booking booking) {
        for (var leg : booking.legs()) {
            var hold = inventory.reassert(leg.flightId(), booking.id(), leg.seats(), booking.holdExpiresAt());
            if (hold.result() == ClaimResult.HELD) {
                log.atWarn().addKeyValue("bookingId", booking.id()).addKeyValue("flightId", leg.flightId())
                        .log("Hold of {} on {} was lost in a Redis reset and taken again", booking.id(), leg.flightId());
            } else if (!hold.result().holds()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code reassert} in the background, every half second until Redis answers or the hold
     * lapses: for a committed booking whose re-assert Redis refused (an outage, a failover). A
     * reload of its flight in between may have read the database before the booking was there. A
     * leg that cannot be taken back by then is left to the payment's confirm, which takes free
     * seats or refunds. {@code reassert} answers false when a leg could not be taken back.
     */
    void reassertWhenRedisAnswers(Booking booking, BooleanSupplier reassert) {
        retries.until("reassert-holds", RELEASE_RETRY, booking.holdExpiresAt(), () -> {
            try {
                if (!reassert.getAsBoolean()) {
                    log.warn("Holds of {} lost in a Redis outage could not all be taken back; its payment's confirm "
                            + "takes free seats or refunds", booking.id());
                }
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /**
     * Gives back the holds of a booking no outbox row will release: a claim that failed, or one
     * that lost its hold. A leg Redis refuses now (an outage, or the circuit breaker still open
     * after one) is retried in the background until it is given back or its hold has lapsed, so
     * that a failed claim does not keep seats from buyers for a whole TTL.
     */
    void release(String bookingId, List<BookingLeg> legs) {
        List<BookingLeg> refused = releaseEach(bookingId, legs);
        if (refused.isEmpty()) {
            return;
        }
        for (var leg : refused) {
            log.atWarn().addKeyValue("bookingId", bookingId).addKeyValue("flightId", leg.flightId())
                    .log("Could not release the hold of {} on {} yet; retrying until it lapses", bookingId, leg.flightId());
        }
        Instant lapsesBy = clock.instant().plus(properties.holdTtl());
        var left = new AtomicReference<>(refused);
        releasesRetrying.incrementAndGet();
        retries.until("release-hold", RELEASE_RETRY, lapsesBy, () -> {
            left.set(releaseEach(bookingId, left.get()));
            return left.get().isEmpty();
        }).whenComplete((released, error) -> {
            releasesRetrying.decrementAndGet();
            if (Boolean.TRUE.equals(released)) {
                log.info("Hold of {} released after a retry", bookingId); // in the claim's log context
            }
        });
    }

    /**
     * Gives back the holds of a booking whose RELEASE_HOLD outbox row was committed with its
     * cancel: a leg Redis refuses now is left to the outbox relay, which retries it.
     */
    public void releaseOrLeaveToOutbox(String bookingId, List<BookingLeg> legs) {
        for (var leg : releaseEach(bookingId, legs)) {
            log.atWarn().addKeyValue("bookingId", bookingId).addKeyValue("flightId", leg.flightId())
                    .log("Could not release the hold of {} on {} now; the outbox relay retries it", bookingId, leg.flightId());
        }
    }

    /** Answers the legs whose release Redis refused. */
    private List<BookingLeg> releaseEach(String bookingId, List<BookingLeg> legs) {
        List<BookingLeg> refused = new ArrayList<>();
        for (var leg : legs) {
            try {
                inventory.release(leg.flightId(), bookingId);
            } catch (RuntimeException e) {
                log.debug("Release of {} on {} refused: {}", bookingId, leg.flightId(), e.getMessage());
                refused.add(leg);
            }
        }
        return refused;
    }
}
