package dev.seatbooking.booking;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The default {@link BookingEvents}: a structured log line and a Spring event per change. */
@Component
class LoggingBookingEvents implements BookingEvents {

    private static final Logger log = LoggerFactory.getLogger("booking.events");

    private final ApplicationEventPublisher listeners;

    LoggingBookingEvents(ApplicationEventPublisher listeners) {
        this.listeners = listeners;
    }

    @Override
    public void publish(BookingStatusChanged change) {
        log.atInfo().addKeyValue("bookingId", change.bookingId()).addKeyValue("from", change.from())
                .addKeyValue("to", change.to()).addKeyValue("cause", change.cause())
                .log("Booking {} {} -> {}", change.bookingId(), change.from(), change.to());
        listeners.publishEvent(change);
    }
}
