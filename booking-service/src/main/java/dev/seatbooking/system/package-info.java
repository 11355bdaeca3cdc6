/**
 * What every feature leans on: the embedded Redis and PostgreSQL of the default run, the Redis
 * client settings, the guard that turns a Redis outage into 503 {@code INVENTORY_UNAVAILABLE},
 * and the mapping of domain exceptions to RFC 9457 problem details.
 */
@ApplicationModule(allowedDependencies = {})
package dev.seatbooking.system;

import org.springframework.modulith.ApplicationModule;
