/**
 * PAY: starts the booking's payment at the PSP after the claim commits, as outbox work that any
 * instance resumes, and only while the booking still waits for it, so nobody pays for a booking
 * that ended (I4). The PSP's reply is applied through {@code confirm}.
 */
package dev.seatbooking.booking.pay;
