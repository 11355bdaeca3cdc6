/**
 * Flights: the durable record of capacity, seats sold and price, the flights API, and the demo
 * flight of the default run. Live availability comes from the inventory feature.
 */
@ApplicationModule(allowedDependencies = {"inventory", "payment", "system"})
package dev.seatbooking.flight;

import org.springframework.modulith.ApplicationModule;
