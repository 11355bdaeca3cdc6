package dev.seatbooking.system;

/**
 * Marks a failure that says a dependency (Redis, the PSP) is out for a moment: the same call may be
 * retried later, and a retry loop logs it as a warning, not as an error with its stack.
 */
public interface DependencyUnavailable {
}
