package dev.seatbooking.inventory;

/** What {@code confirm_seats.lua} answered for one flight. */
public enum ConfirmResult {
    /** The live hold became the sale. */
    SOLD_FROM_HOLD,
    /** The hold had lapsed; free seats were taken afresh. */
    SOLD_AFRESH,
    /** Already sold to this booking: a retried call, as good as sold. */
    ALREADY_SOLD,
    /** The hold had lapsed and the flight is short of seats: nothing sold. */
    NO_SEATS,
    /** The flight is CANCELLED: nothing sold. */
    FLIGHT_CANCELLED;

    static ConfirmResult of(long code, long fromHold) {
        return switch ((int) code) {
            case 1 -> fromHold == 1 ? SOLD_FROM_HOLD : SOLD_AFRESH;
            case -2 -> ALREADY_SOLD;
            case 0 -> NO_SEATS;
            case -6 -> FLIGHT_CANCELLED;
            default -> throw new IllegalStateException("confirm_seats.lua answered " + code);
        };
    }

    public boolean sold() {
        return this != NO_SEATS && this != FLIGHT_CANCELLED;
    }
}
