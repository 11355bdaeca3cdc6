/**
 * The seat inventory in Redis: holds, sales and availability per flight, changed only by the Lua
 * scripts in {@code resources/redis/}, rebuilt from the database whenever a flight is absent (I6),
 * and swept of lapsed holds. Result codes become enums here; no bare {@code -3} leaves this package.
 */
@ApplicationModule(allowedDependencies = {"system"})
package dev.seatbooking.inventory;

import org.springframework.modulith.ApplicationModule;
