package dev.seatbooking.booking;

import dev.seatbooking.outbox.OutboxHandler;
import dev.seatbooking.outbox.OutboxKind;
import dev.seatbooking.outbox.OutboxTry;
import dev.seatbooking.outbox.OutboxWork;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Hands a committed status change to the {@link BookingEvents} subscribers (PUBLISH), at least once. */
@Component
class StatusPublicationWork implements OutboxHandler {

    private final BookingEvents events;
    private final JsonMapper json;

    StatusPublicationWork(BookingEvents events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    @Override
    public Set<OutboxKind> kinds() {
        return Set.of(OutboxKind.PUBLISH);
    }

    @Override
    public boolean carryOut(OutboxWork work, OutboxTry attempt) {
        events.publish(json.readValue(work.payload(), BookingStatusChanged.class));
        return true;
    }
}
