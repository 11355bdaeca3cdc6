package dev.seatbooking.booking.stream;

import dev.seatbooking.booking.Booking;
import dev.seatbooking.booking.BookingRepository;
import dev.seatbooking.booking.BookingStatus;
import dev.seatbooking.booking.BookingView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The status streams open on this instance, by booking. A stream sends the booking as it stands
 * when it opens, then again each time it changes, and ends once the booking has left PENDING (its
 * outcome) or after booking.status-streams.timeout. What tells it of a change: {@link #refresh}, on
 * a Redis notification from whichever instance committed it ({@link StatusAnnouncements}), and the
 * {@link #poll} of the database, for a notification that was lost. Each refresh reads the booking
 * from the database, so a stream never shows a status that was not committed.
 */
@Component
class StatusStreams {

    private static final Logger log = LoggerFactory.getLogger(StatusStreams.class);
    /** Bookings asked of the database in one poll query. */
    private static final int POLL_BATCH = 500;

    private final BookingRepository bookings;
    private final StatusStreamProperties properties;
    private final Clock clock;
    private final Map<String, Set<Stream>> byBooking = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    StatusStreams(BookingRepository bookings, StatusStreamProperties properties, Clock clock, MeterRegistry registry) {
        this.bookings = bookings;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("booking.status_streams.open", open, AtomicInteger::get)
                .description("Booking status streams open on this instance").register(registry);
    }

    /** Opens a stream of the booking, which the caller may read; {@link TooManyStreams} when this instance has its fill. */
    SseEmitter open(Booking booking) {
        if (open.incrementAndGet() > properties.max()) {
            open.decrementAndGet();
            throw new TooManyStreams();
        }
        var stream = new Stream(booking.id(), new SseEmitter(properties.timeout().toMillis()));
        stream.emitter.onCompletion(() -> close(stream));
        stream.emitter.onTimeout(() -> stream.emitter.complete());
        stream.emitter.onError(e -> close(stream));
        byBooking.computeIfAbsent(booking.id(), id -> ConcurrentHashMap.newKeySet()).add(stream);
        stream.send(booking);
        // A change committed between the read of the booking and the registration above was
        // announced to no one: look once more.
        refresh(booking.id());
        return stream.emitter;
    }

    /** Sends the booking's latest state to its streams here, if it changed; ends them once it left PENDING. */
    void refresh(String bookingId) {
        if (!byBooking.containsKey(bookingId)) {
            return;
        }
        var booking = bookings.find(bookingId).orElse(null);
        var streams = byBooking.get(bookingId);
        if (booking == null || streams == null) {
            return;
        }
        for (var stream : streams) {
            stream.send(booking);
        }
    }

    /** Whether a booking has a stream on this instance: a notification for any other costs nothing. */
    boolean streams(String bookingId) {
        return byBooking.containsKey(bookingId);
    }

    /**
     * The fallback of the notifications: asks the database when each streamed booking last changed,
     * in one query per {@value #POLL_BATCH}, and refreshes those that changed since their streams
     * last sent; keeps silent streams alive with a comment line.
     */
    void poll() {
        List<String> ids = new ArrayList<>(byBooking.keySet());
        for (int from = 0; from < ids.size(); from += POLL_BATCH) {
            var batch = ids.subList(from, Math.min(ids.size(), from + POLL_BATCH));
            bookings.updatedAtOf(batch).forEach((id, updatedAt) -> {
                var streams = byBooking.getOrDefault(id, Set.of());
                if (streams.stream().anyMatch(s -> s.behind(updatedAt))) {
                    refresh(id);
                }
            });
        }
        var quietSince = clock.instant().minus(properties.heartbeatInterval());
        byBooking.values().forEach(streams -> streams.forEach(s -> s.heartbeatIfQuietSince(quietSince)));
    }

    /**
     * Ends every stream when the instance stops, before the web server's graceful shutdown, which
     * would otherwise wait for them: their clients open them again on another instance.
     */
    @EventListener(ContextClosedEvent.class)
    void endAll() {
        byBooking.values().forEach(streams -> streams.forEach(Stream::end));
    }

    private void close(Stream stream) {
        if (!stream.closed.compareAndSet(false, true)) {
            return;
        }
        open.decrementAndGet();
        byBooking.computeIfPresent(stream.bookingId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** One client's stream of one booking; sends are serialized, as an emitter needs. */
    private final class Stream {

        private final String bookingId;
        private final SseEmitter emitter;
        private final AtomicBoolean closed = new AtomicBoolean();
        private Instant sentUpdatedAt = Instant.MIN;
        private Instant lastWrite;

        Stream(String bookingId, SseEmitter emitter) {
            this.bookingId = bookingId;
            this.emitter = emitter;
            this.lastWrite = clock.instant();
        }

        synchronized void end() {
            emitter.complete();
            close(this);
        }

        synchronized boolean behind(Instant updatedAt) {
            return updatedAt.isAfter(sentUpdatedAt);
        }

        /** Sends the booking unless this stream sent it as it stands; ends the stream once it left PENDING. */
        synchronized void send(Booking booking) {
            if (closed.get() || !booking.updatedAt().isAfter(sentUpdatedAt)) {
                return;
            }
            sentUpdatedAt = booking.updatedAt();
            try {
                emitter.send(SseEmitter.event().name("status").id(Long.toString(booking.updatedAt().toEpochMilli()))
                        .data(BookingView.of(booking), MediaType.APPLICATION_JSON));
                lastWrite = clock.instant();
                if (booking.status() != BookingStatus.PENDING) {
                    emitter.complete();
                    close(this);
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away, or the stream ended meanwhile: its completion callback cleans up.
                log.debug("Status stream of {} ended: {}", bookingId, e.getMessage());
                emitter.completeWithError(e);
                close(this);
            }
        }

        synchronized void heartbeatIfQuietSince(Instant since) {
            if (closed.get() || lastWrite.isAfter(since)) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
                lastWrite = clock.instant();
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
                close(this);
            }
        }
    }
}
