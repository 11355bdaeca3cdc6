package dev.seatbooking.booking.claim;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingIds;
import dev.seatbooking.booking.BookingLeg;
import dev.seatbooking.booking.BookingMetrics;
import dev.seatbooking.booking.BookingProperties;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.booking.BookingView;
import dev.seatbooking.booking.StatusChanges;
import dev.seatbooking.booking.pay.PaymentStarter;
import dev.seatbooking.idempotency.IdempotencyKeys;
import dev.seatbooking.idempotency.IdempotencyScope;
import dev.seatbooking.idempotency.RequestInProgress;
import dev.seatbooking.idempotency.StoredResponse;
import dev.seatbooking.inventory.ClaimMarker;
import dev.seatbooking.outbox.Outbox;
import dev.seatbooking.outbox.OutboxWork;
import dev.seatbooking.security.Caller;
import dev.seatbooking.system.ApiProblem;
import dev.seatbooking.system.ValidationFailed;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * CLAIM: hold the seats in Redis, then record the PENDING booking in one
 * transaction; if that fails, give the hold back (DESIGN section 1, "The order of the dual writes").
 * PAY is written with the booking as outbox work and starts right after the commit, off the request
 * thread ({@link PaymentStarter}, the outbox's handler of it); CONFIRM follows the
 * PSP's answer ({@link dev.seatbooking.booking.confirm.BookingPayments}).
 */
@Service
class BookingClaims {

    private static final Logger log = LoggerFactory.getLogger(BookingClaims.class);
    private static final int CREATED = 201;
    private static final int MAX_ID_DRAWS = 3;

    private final Itineraries itineraries;
    private final UnrecordedClaims unrecorded;
    private final SeatHolds holds;
    private final BookingRepository bookings;
    private final StatusChanges statusChanges;
    private final IdempotencyKeys idempotencyKeys;
    private final KeyedClaims keyedClaims;
    private final TransactionTemplate transactions;
    private final BookingMetrics metrics;
    private final JsonMapper json;
    private final PaymentStarter payments;
    private final Outbox outbox;
    private final ClaimAdmission admission;
    private final BookingIds ids;
    private final ClaimRateLimits rateLimits;
    private final Clock clock;
    private final Duration holdTtl;

    BookingClaims(Itineraries itineraries, UnrecordedClaims unrecorded, SeatHolds holds, BookingRepository bookings,
            StatusChanges statusChanges, IdempotencyKeys idempotencyKeys, KeyedClaims keyedClaims,
            TransactionTemplate transactions, BookingMetrics metrics, JsonMapper json, PaymentStarter payments,
            Outbox outbox, ClaimAdmission admission, BookingIds ids, ClaimRateLimits rateLimits, Clock clock,
            BookingProperties properties) {
        this.clock = clock;
        this.holdTtl = properties.holdTtl();
        this.rateLimits = rateLimits;
        this.ids = ids;
        this.payments = payments;
        this.outbox = outbox;
        this.admission = admission;
        this.itineraries = itineraries;
        this.unrecorded = unrecorded;
        this.holds = holds;
        this.bookings = bookings;
        this.statusChanges = statusChanges;
        this.idempotencyKeys = idempotencyKeys;
        this.keyedClaims = keyedClaims;
        this.transactions = transactions;
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * Claims seats for a new PENDING booking; under an Idempotency-Key a repeat gets the first answer
     * (I7). The key is the caller's (the token's subject), not the customer's an admin books for: a
     * customer's own keys never meet an operator's.
     */
    StoredResponse claim(CreateBooking request, Caller caller, @Nullable String idempotencyKey, String clientAddress) {
        // This instance's limits first: they cost nothing and come before anything that does.
        rateLimits.takeHere(request.userId(), clientAddress);
        var itinerary = itineraries.of(request);
        var scope = idempotencyKey == null ? null : idempotencyKeys.scope(caller.userId(), idempotencyKey, request);
        refuseIfKnownFull(itinerary, scope);
        // The shared limits only for a claim that may cost something: a refusal from memory before
        // this takes nothing from them, one after the turn below has.
        rateLimits.take(request.userId(), clientAddress);
        return admission.inTurn(() -> {
            // In a crowd the seats are often gone while a claim waits for its turn: then its turn
            // costs a look at the memory, not a key lookup and a claim in Redis.
            refuseIfKnownFull(itinerary, scope);
            return scope == null ? claimNew(request, itinerary, null, null) : claimKeyed(request, itinerary, scope);
        });
    }

    /** Under an Idempotency-Key the stored answer comes first: a retry of a claim that won gets its 201 (I7). */
    private StoredResponse claimKeyed(CreateBooking request, Itinerary itinerary, IdempotencyScope scope) {
        var earlier = keyedClaims.earlier(scope);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return claimNew(request, itinerary, scope, keyedClaims.marker(scope, itinerary.firstFlightId()));
    }

    /** Whether a flight of the claim is in the memory of full flights at all: a look that costs nothing, before any that costs. */
    boolean mayBeRefusedFromMemory(CreateBooking request) {
        try {
            return request.flightsInClaimOrder().stream().anyMatch(holds::remembersFull);
        } catch (ValidationFailed e) {
            return false;
        }
    }

    /**
     * The claim as {@link #claim} would answer it without asking Redis or waiting for a turn: its
     * refusal ({@code NO_SEATS}, or {@code RATE_LIMITED} when this instance's buckets are empty), or
     * empty when it needs the full path. It looks at this instance's buckets after the memory, where
     * the full path looks first: the same answer either way. Nothing is taken unless it answers, and a
     * claim it cannot judge (an unknown flight, a bad key, a failure) is left to the full path, which
     * says what is wrong. For {@link EarlyRefusalFilter}, which answers before the security filter
     * chain and Spring MVC.
     */
    Optional<ApiProblem> refusalFromMemory(CreateBooking request, Caller caller, @Nullable String idempotencyKey,
            String clientAddress) {
        Itinerary itinerary;
        IdempotencyScope scope;
        try {
            itinerary = itineraries.of(request);
            scope = idempotencyKey == null ? null : idempotencyKeys.scope(caller.userId(), idempotencyKey, request);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        try {
            var fullLeg = knownFullLeg(itinerary, scope);
            if (fullLeg == null) {
                return Optional.empty();
            }
            // What the full path does first; here after the memory, so an unanswered claim takes nothing.
            rateLimits.takeHere(request.userId(), clientAddress);
            return Optional.of(refusedFromMemory(fullLeg));
        } catch (RateLimited e) {
            return Optional.of(e);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A claim on a flight Redis called full a moment ago is refused without asking it again, nor
     * waiting for a turn: that is most of a flash crowd once the seats are gone.
     */
    private void refuseIfKnownFull(Itinerary itinerary, @Nullable IdempotencyScope scope) {
        var fullLeg = knownFullLeg(itinerary, scope);
        if (fullLeg != null) {
            throw refusedFromMemory(fullLeg);
        }
    }

    /**
     * The first leg this instance knows to be full, if the claim may be refused for it; under an
     * Idempotency-Key only as {@link KeyedClaims#mayBeRefusedFromMemory} allows (I7).
     */
    private @Nullable BookingLeg knownFullLeg(Itinerary itinerary, @Nullable IdempotencyScope scope) {
        if (itinerary.salesClosedBy(clock.instant(), holdTtl) != null) {
            return null; // FLIGHT_CLOSED, which the full path answers (after a keyed claim's stored answer)
        }
        for (var leg : itinerary.legs()) {
            if (holds.refusesFromMemory(leg)) {
                if (scope != null && !keyedClaims.mayBeRefusedFromMemory(scope, itinerary.firstFlightId())) {
                    return null;
                }
                return leg;
            }
        }
        return null;
    }

    private SeatsUnavailable refusedFromMemory(BookingLeg leg) {
        var refusal = new SeatsUnavailable(leg.flightId());
        metrics.claim(metrics.start(), "failure", refusal.error());
        metrics.refusedFromMemory();
        return refusal;
    }

    /**
     * Claims under a freshly drawn id; in the astronomically rare case that the id is taken, what
     * was held under it is given back and the claim runs again under a new one.
     */
    private StoredResponse claimNew(CreateBooking request, Itinerary itinerary, @Nullable IdempotencyScope scope,
            @Nullable ClaimMarker marker) {
        // Here, after a keyed claim's stored answer (I7): a claim that won before departure keeps its 201.
        var closed = itinerary.salesClosedBy(clock.instant(), holdTtl);
        if (closed != null) {
            var refusal = new FlightClosed(closed);
            metrics.claim(metrics.start(), "failure", refusal.error());
            throw refusal;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return claimNew(ids.next(), request, itinerary, scope, marker);
            } catch (BookingIdTaken e) {
                if (attempt == MAX_ID_DRAWS) {
                    throw new IllegalStateException("No free booking id in " + MAX_ID_DRAWS + " draws", e);
                }
                log.warn("{}; drawing another", e.getMessage());
            }
        }
    }

    private StoredResponse claimNew(String bookingId, CreateBooking request, Itinerary itinerary,
            @Nullable IdempotencyScope scope, @Nullable ClaimMarker marker) {
        var sample = metrics.start();
        try (var ignored = MDC.putCloseable("bookingId", bookingId);
                var ignored2 = MDC.putCloseable("flightId", itinerary.flightIds())) {
            var expiresAt = holdSeats(bookingId, itinerary, marker);
            return record(request, itinerary, bookingId, expiresAt, scope, marker, sample);
        } catch (SeatsUnavailable | FlightClosed | RequestInProgress e) {
            metrics.claim(sample, "failure", e.error());
            throw e;
        } catch (BookingIdTaken e) {
            throw e;
        } catch (ApiProblem e) {
            metrics.claim(sample, "error", e.error());
            throw e;
        } catch (RuntimeException e) {
            metrics.claim(sample, "error", "INTERNAL");
            throw e;
        }
    }

    /** Holds every leg; a keyed claim's marker goes with the first. */
    private Instant holdSeats(String bookingId, Itinerary itinerary, @Nullable ClaimMarker marker) {
        try {
            return holds.hold(bookingId, itinerary.legs(), marker, id -> bookings.find(id).isPresent());
        } catch (RuntimeException e) {
            keyedClaims.holdFailed(marker, e, itinerary.legs().size());
            throw e;
        }
    }

    /**
     * Records the PENDING booking whose seats are held, and starts its payment. The key's marker
     * stays unless the booking is known not to be recorded: a marker says the key may have an answer.
     */
    private StoredResponse record(CreateBooking request, Itinerary itinerary, String bookingId, Instant expiresAt,
            @Nullable IdempotencyScope scope, @Nullable ClaimMarker marker, Timer.Sample sample) {
        var booking = Booking.pending(bookingId, request.userId(), request.seats(), itinerary.legs(),
                itinerary.totalPrice(), itinerary.currency(), expiresAt, request.paymentMethodOrDefault(), clock.instant());
        var response = new StoredResponse(CREATED, json.writeValueAsString(BookingView.of(booking)));
        OutboxWork paymentStart;
        try {
            paymentStart = transactions.execute(tx -> {
                bookings.insert(booking);
                statusChanges.opened(booking, "request");
                if (scope != null) {
                    idempotencyKeys.record(scope, response, itinerary.firstFlightId());
                }
                return payments.queue(booking, booking.createdAt());
            });
        } catch (RuntimeException e) {
            if (e instanceof DuplicateKeyException && unrecorded.takenByAnother(booking)) {
                // The hold is this claim's (the script took it fresh), the id someone else's.
                holds.release(bookingId, booking.legs());
                keyedClaims.end(marker);
                throw new BookingIdTaken(bookingId);
            }
            if (unrecorded.releaseUnlessRecorded(booking) && !(e instanceof DuplicateKeyException)) {
                keyedClaims.end(marker);
            }
            if (scope != null && e instanceof DuplicateKeyException) {
                // Another request under the same key recorded its booking first (it ended between
                // this request's lookup and its claim, or its marker lapsed): answer as it did.
                var replayed = idempotencyKeys.replay(scope);
                metrics.claim(sample, "failure", "IDEMPOTENT_REPLAY");
                return replayed;
            }
            throw e;
        }
        if (scope != null) {
            // Before anything else can fail: the key is answered, on whatever flight, and its
            // marker is with the first flight even if a Redis reset took it since the claim.
            idempotencyKeys.answered(scope, itinerary.firstFlightId());
        }
        reassertHolds(booking, scope, marker);
        // Only for a booking the client is told of: the start of one that lost its hold, or whose
        // instance stops now, is finished by a relay once its lease is over, without a charge.
        outbox.carryOutSoon(Objects.requireNonNull(paymentStart));
        metrics.claim(sample, "success", BookingMetrics.NO_REASON);
        log.info("Booking {} holds {} seats on {} until {}", bookingId, booking.seats(), itinerary.flightIds(),
                expiresAt);
        return response;
    }

    /**
     * After the commit the booking stands. If Redis cannot be asked now, the client still gets its
     * 201: a later rebuild of a flight Redis lost reads the committed booking, and the re-assert is
     * retried in the background for a flight reloaded before the commit (a failover, docs/scale-out.md).
     */
    private void reassertHolds(Booking booking, @Nullable IdempotencyScope scope, @Nullable ClaimMarker marker) {
        boolean held;
        try {
            held = holds.reassert(booking);
        } catch (RuntimeException e) {
            log.warn("Could not re-assert the holds of {} after the commit, retrying: {}", booking.id(), e.getMessage());
            // Under the booking's row lock, and only while it is PENDING: a cancel, a failed payment
            // or a sale releases its holds after committing under that lock, and must not find
            // them taken again behind it.
            holds.reassertWhenRedisAnswers(booking, () -> !Boolean.FALSE.equals(transactions.execute(tx ->
                    bookings.lock(booking.id()).filter(locked -> locked.status() == BookingStatus.PENDING)
                            .map(holds::reassert).orElse(true))));
            return;
        }
        if (!held) {
            giveUpLostHold(booking, scope, marker);
        }
    }

    /**
     * Redis was reset between the claim and the commit, and the seats went to others meanwhile: the
     * booking cannot keep its promise. It ends FAILED before anyone could pay for it, and the client
     * hears NO_SEATS, as if the claim had come a moment later.
     */
    private void giveUpLostHold(Booking booking, @Nullable IdempotencyScope scope, @Nullable ClaimMarker marker) {
        var now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            // Its payment has not started yet, so nothing else moves the booking but its customer's cancel.
            var locked = bookings.lock(booking.id()).filter(b -> b.status() == BookingStatus.PENDING).orElse(null);
            if (locked == null) {
                return;
            }
            statusChanges.change(locked, BookingStatus.FAILED, "hold lost in a Redis reset", now);
            if (scope != null) {
                idempotencyKeys.forget(scope);
            }
        });
        holds.release(booking.id(), booking.legs());
        keyedClaims.end(marker); // its answer is forgotten: the key is free again
        log.warn("Booking {} lost its hold in a Redis reset and no seats were left; marked FAILED", booking.id());
        throw new SeatsUnavailable(booking.flightIds());
    }
}
