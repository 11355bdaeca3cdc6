package dev.seatbooking.inventory;

/** What {@code claim_seats.lua} answered for one flight. */
public enum ClaimResult {
    /** The hold was taken. */
    HELD,
    /** Not enough seats: sold + held + wanted would pass capacity. */
    NO_SEATS,
    /** This booking holds or bought these seats already: a retried call, as good as HELD. */
    ALREADY_HELD,
    /** A re-asserted hold whose expiry has passed: nothing taken. */
    LAPSED,
    /** The claim's in-flight marker is set: another request under its Idempotency-Key runs. */
    IN_PROGRESS,
    /** The flight's sales are closed ({@link FlightStatus} CLOSED or CANCELLED): nothing taken. */
    CLOSED;

    static ClaimResult of(long code) {
        return switch ((int) code) {
            case 1 -> HELD;
            case 0 -> NO_SEATS;
            case -2 -> ALREADY_HELD;
            case -4 -> LAPSED;
            case -5 -> IN_PROGRESS;
            case -6 -> CLOSED;
            default -> throw new IllegalStateException("claim_seats.lua answered " + code);
        };
    }

    public boolean holds() {
        return this == HELD || this == ALREADY_HELD;
    }
}
