/**
 * Timeout: the job that marks PENDING bookings whose hold lapsed as TIMEOUT (I8) and queues a
 * check of how their payment ended (CHECK_INTENT, which {@code confirm} carries out).
 */
package dev.seatbooking.booking.timeout;
