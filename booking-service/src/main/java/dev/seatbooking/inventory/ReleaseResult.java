package dev.seatbooking.inventory;

/** What {@code release_claim.lua} answered for one flight. */
public enum ReleaseResult {
    /** The hold was given back. */
    RELEASED,
    /** There was no live hold (lapsed, released before, never taken, or the flight not loaded). */
    NOTHING_HELD
}
