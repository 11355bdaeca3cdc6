package dev.seatbooking.booking;

/**
 * Where booking status changes go once committed: at least once (the outbox relay retries until
 * {@link #publish} returns), in commit order unless a publication had to be retried. The default logs each change and hands
 * it to in-process Spring listeners ({@code @EventListener BookingStatusChanged}). A message broker
 * plugs in as another implementation: publish to the broker (with the booking id as the message
 * key, so one booking's changes stay in order) and return once the broker has the message.
 */
public interface BookingEvents {

    void publish(BookingStatusChanged change);
}
