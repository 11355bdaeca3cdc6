/**
 * Timeout: the job that marks PENDING bookings whose hold lapsed as TIMEOUT (I8) and asks the PSP how
 * their payment ended.
 */
package dev.seatbooking.booking.timeout;
