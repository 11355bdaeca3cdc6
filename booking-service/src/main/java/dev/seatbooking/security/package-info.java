/**
 * Who may do what: the service is an OAuth2 resource server (JWT bearer tokens). Customers book,
 * read and cancel their own bookings; the {@code admin} role creates flights and uses the admin
 * and actuator endpoints; the PSP's webhook is authenticated by its signature alone. In the local
 * dev mode the service issues signed test tokens itself ({@code POST /dev/token}).
 */
@ApplicationModule(allowedDependencies = {})
package dev.seatbooking.security;

import org.springframework.modulith.ApplicationModule;
