package dev.seatbooking.inventory;

/** What undoing a confirm did on one flight ({@code release_sale.lua} with the hold's expiry). */
public enum SaleUndone {
    /** The sale is the booking's hold again, with the expiry it recorded. */
    BACK_TO_HOLD,
    /** The hold had lapsed meanwhile: the seats are back on sale. */
    RELEASED,
    /** The booking had bought nothing on this flight. */
    NOTHING_SOLD
}
