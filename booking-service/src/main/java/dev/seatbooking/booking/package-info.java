/**
 * Bookings. This package holds what every step shares: the booking record and its repository, the
 * status table and its one writer ({@link dev.seatbooking.booking.StatusChanges}), the events and
 * their publication, the seats the database counts as booked (the port inventory asks through), the
 * release of seats after a booking ends, and a booking's reads over HTTP. Each step has a
 * sub-package of its own: {@code claim}, {@code pay}, {@code confirm}, {@code refund}, {@code cancel}
 * and {@code timeout}; they use this package and, in the flow's order, each other (claim queues the
 * payment start, pay applies its answer through confirm, confirm's full refunds are followed by
 * refund, cancel releases holds through claim).
 * Nothing outside the feature reaches into them.
 */
@ApplicationModule(allowedDependencies = {"flight", "idempotency", "inventory", "outbox", "payment", "security",
        "system"})
package dev.seatbooking.booking;

import org.springframework.modulith.ApplicationModule;
