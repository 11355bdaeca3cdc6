/**
 * CONFIRM and its failures: what the PSP answers (its reply or a webhook, whichever comes first)
 * turns the hold into a sale, fails the booking or refunds a payment that came too late (I1, I3,
 * I4, I5); and the outbox work that follows (refunds, intent cancels and checks).
 */
package dev.seatbooking.booking.confirm;
