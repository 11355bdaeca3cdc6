package dev.seatbooking.booking.claim;

import dev.seatbooking.flight.Flight;
import dev.seatbooking.security.Caller;
import dev.seatbooking.system.ValidationFailed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;

/**
 * The body of {@code POST /v1/bookings}: one flight ({@code flightIdentifier}) or an itinerary of
 * several ({@code flightIds}), never both. {@code paymentMethod} defaults to {@code pm_card_visa}.
 * {@code userId} may be left out: the user is the token's.
 */
record CreateBooking(
        @Pattern(regexp = USER_ID, message = "must be 1-64 letters, digits, '.', '_' or '-'") String userId,
        @Pattern(regexp = Flight.ID_PATTERN, message = Flight.ID_MESSAGE) String flightIdentifier,
        @Size(min = 1, max = MAX_LEGS) List<@NotNull @Pattern(regexp = Flight.ID_PATTERN,
                message = Flight.ID_MESSAGE) String> flightIds,
        @NotNull @Min(1) @Max(9) Integer seats,
        @Pattern(regexp = "^pm_[A-Za-z0-9_]{1,64}$", message = "must be a payment method id such as pm_card_visa")
        String paymentMethod) {

    static final String USER_ID = "^[A-Za-z0-9._-]{1,64}$";
    /** Stripe's test card that succeeds, as the source design's happy path. */
    static final String DEFAULT_PAYMENT_METHOD = "pm_card_visa";

    /**
     * The request as the caller makes it: the user id comes from the token. A body naming another
     * user is refused (403 USER_MISMATCH) rather than silently rewritten, except from an admin,
     * who may book for a customer.
     */
    CreateBooking forCaller(Caller caller) {
        if (userId != null && !userId.equals(caller.userId())) {
            if (caller.admin()) {
                return this;
            }
            throw new UserMismatch();
        }
        return new CreateBooking(caller.userId(), flightIdentifier, flightIds, seats, paymentMethod);
    }

    String paymentMethodOrDefault() {
        return paymentMethod == null ? DEFAULT_PAYMENT_METHOD : paymentMethod;
    }
    static final int MAX_LEGS = 6;

    /** The flights in the order they are claimed: sorted by id, as DESIGN section 3 asks. */
    List<String> flightsInClaimOrder() {
        if ((flightIdentifier == null) == (flightIds == null)) {
            throw new ValidationFailed("Give either flightIdentifier or flightIds, not both or neither");
        }
        if (flightIdentifier != null) {
            return List.of(flightIdentifier);
        }
        if (new HashSet<>(flightIds).size() != flightIds.size()) {
            throw new ValidationFailed("flightIds lists a flight more than once");
        }
        return flightIds.stream().sorted().toList();
    }
}
