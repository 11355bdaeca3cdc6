/**
 * Cancellation: {@code DELETE /v1/bookings/{id}} releases a hold or refunds a sale, the database
 * first and Redis right after; a cancelled flight's bookings are cancelled the same way.
 */
package dev.seatbooking.booking.cancel;
