/**
 * The web pages for buyers and operators: static pages under {@code resources/static} that call
 * the JSON API from the browser with the bearer token (docs/ui.md); here only what the pages need
 * from the server: their settings, and the headers that keep them safe.
 */
@ApplicationModule(allowedDependencies = {"system"})
package dev.seatbooking.ui;

import org.springframework.modulith.ApplicationModule;
