package dev.seatbooking.booking.claim;

import dev.seatbooking.idempotency.IdempotencyKeys;
import dev.seatbooking.idempotency.IdempotencyScope;
import dev.seatbooking.idempotency.RequestInProgress;
import dev.seatbooking.idempotency.StoredResponse;
import dev.seatbooking.inventory.ClaimMarker;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * I7 for claims: what a claim under an Idempotency-Key answers, and when its in-flight marker is set,
 * kept and taken away, decided in this one class. The marker's atomic half is in {@code
 * claim_seats.lua} (KEYS[5]): the claim script refuses while another request's marker is younger than
 * the in-flight timeout, and sets it in the very call that takes the first leg's hold. The stored
 * answers and the markers' keys are {@link IdempotencyKeys}'.
 *
 * <p>A keyed claim: its {@link #earlier} answer if the key ran before; else the claim with the
 * {@link #marker} on its first leg; the answer recorded in the booking's transaction and noted once
 * it committed ({@link IdempotencyKeys#record}, {@link IdempotencyKeys#answered}); the marker {@link
 * #end}ed when the claim failed and no booking was recorded, since a marker says the key may have an
 * answer. A refusal from memory never answers a key that may have an answer ({@link #mayBeRefusedFromMemory}).
 */
@Component
class KeyedClaims {

    private final IdempotencyKeys keys;
    private final SeatHolds holds;

    KeyedClaims(IdempotencyKeys keys, SeatHolds holds) {
        this.keys = keys;
        this.holds = holds;
    }

    /** The stored answer when the key ran before: a retry of a claim that won gets its 201. */
    Optional<StoredResponse> earlier(IdempotencyScope scope) {
        return keys.earlier(scope);
    }

    /** The marker the claim script checks and sets, in the slot of the claim's first flight. */
    ClaimMarker marker(IdempotencyScope scope, String firstFlightId) {
        return new ClaimMarker(IdempotencyKeys.markerKey(scope, firstFlightId), scope.token(), keys.markerLife(),
                keys.inFlightTimeout());
    }

    /**
     * Whether a keyed claim on a flight known to be full may be refused without asking Redis for
     * seats: only when every stored answer has its marker, and Redis says the key has none (no marker
     * with the first flight, set by a claim that took seats and kept once it committed) and was used
     * on no flight. A retry of a claim that won must get its 201, and one that arrives while the
     * claim it repeats holds seats must hear REQUEST_IN_PROGRESS. Two Redis calls, against a database
     * lookup and a claim. (A claim still waiting for its turn has no marker yet: a retry meanwhile is
     * answered as the flight stands, here as in Redis.)
     */
    boolean mayBeRefusedFromMemory(IdempotencyScope scope, String firstFlightId) {
        return keys.markersComplete()
                && !holds.markerMayBeSet(firstFlightId, IdempotencyKeys.markerKey(scope, firstFlightId))
                && !keys.usedAnywhere(scope);
    }

    /**
     * After the holds failed. The marker is left alone when the claim was refused on its only leg (no
     * seats, or the flight closed) or
     * as in progress, since then the script did not set it: a refusal costs one Redis call. Otherwise
     * (a later leg refused, or Redis failed mid-call) it may be set, and goes.
     */
    void holdFailed(@Nullable ClaimMarker marker, RuntimeException failure, int legs) {
        boolean untouched = failure instanceof RequestInProgress
                || ((failure instanceof SeatsUnavailable || failure instanceof FlightClosed) && legs == 1);
        if (!untouched) {
            end(marker);
        }
    }

    /** Takes the marker away, if this claim's is still there: no booking was recorded under the key. */
    void end(@Nullable ClaimMarker marker) {
        if (marker != null) {
            keys.endMarker(marker.key(), marker.token());
        }
    }
}
