/**
 * A booking's status as a stream of Server-Sent Events, for a page waiting for its outcome:
 * notified across instances through Redis pub/sub, with a poll of the database as the fallback.
 */
package dev.seatbooking.booking.stream;
