/**
 * Idempotency-Key handling (I7): replays the stored answer of a repeated request, refuses another
 * request under a used key, and refuses a repeat while the first still runs (an in-flight marker in
 * Redis). Records are written in the transaction of the change they answer, and purged after the
 * retention period.
 */
@ApplicationModule(allowedDependencies = {"inventory", "system"})
package dev.seatbooking.idempotency;

import org.springframework.modulith.ApplicationModule;
