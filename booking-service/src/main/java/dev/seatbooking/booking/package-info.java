/**
 * Bookings: the CLAIM flow (hold in Redis, then the PENDING booking in the database), cancellation,
 * the status history, and the job that marks lapsed holds TIMEOUT. Payment and confirmation follow.
 */
@ApplicationModule(allowedDependencies = {"flight", "idempotency", "inventory", "payment", "security", "system"})
package dev.seatbooking.booking;

import org.springframework.modulith.ApplicationModule;
