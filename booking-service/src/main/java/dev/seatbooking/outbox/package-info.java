/**
 * The outbox: work that must follow a commit (a payment start, the Redis side of a release, a
 * refund, an intent's cancel or check, a status change for subscribers), written in the same
 * transaction as the change it follows ({@link dev.seatbooking.outbox.Outbox}) and carried out after
 * it, on any instance, until it has taken effect, even if the process died right after the commit.
 * Each kind of work has one handler ({@link dev.seatbooking.outbox.OutboxHandler}), which the feature
 * that owns the work provides.
 */
@ApplicationModule(allowedDependencies = {"system"})
package dev.seatbooking.outbox;

import org.springframework.modulith.ApplicationModule;
