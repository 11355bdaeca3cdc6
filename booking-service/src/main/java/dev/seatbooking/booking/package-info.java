/**
 * Bookings: the CLAIM flow (hold in Redis, then the PENDING booking in the database), the payment
 * start, confirmation and refunds, cancellation, the status history, the job that marks lapsed holds
 * TIMEOUT, and the handlers of the outbox work these leave behind.
 */
@ApplicationModule(allowedDependencies = {"flight", "idempotency", "inventory", "outbox", "payment", "security",
        "system"})
package dev.seatbooking.booking;

import org.springframework.modulith.ApplicationModule;
