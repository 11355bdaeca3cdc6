/**
 * PAY: starts the booking's payment at the PSP after the claim commits, as outbox work that any
 * instance resumes, and only while the booking still waits for it (I3).
 */
package dev.seatbooking.booking.pay;
