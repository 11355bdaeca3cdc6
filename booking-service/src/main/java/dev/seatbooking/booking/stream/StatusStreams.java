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
 * when it opens, then again each time it changes (its status, its payment, its last change), and
 * ends once the booking has left PENDING (its outcome), after booking.status-streams.timeout, or
 * when the instance stops. What tells it of a change: {@link #refresh}, on a Redis notification
 * from whichever instance committed it ({@link StatusAnnouncements}), and the {@link #poll} of the
 * database, for a notification that was lost. Each refresh reads the booking from the database,
 * so a stream never shows a state that was not committed.
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
    private final Map<String, Integer> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean stopping;

    StatusStreams(BookingRepository bookings, StatusStreamProperties properties, Clock clock, MeterRegistry registry) {
        this.bookings = bookings;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("booking.status_streams.open", open, AtomicInteger::get)
                .description("Booking status streams open on this instance").register(registry);
    }

    /**
     * Opens a stream of the booking, which the caller may read; {@link TooManyStreams} when this
     * instance has its fill, the booking's owner has theirs, or the instance is stopping.
     */
    SseEmitter open(Booking booking) {
        var stream = new Stream(booking.id(), booking.userId(), new SseEmitter(properties.timeout().toMillis()));
        if (stopping || !take(stream)) {
            throw new TooManyStreams();
        }
        try {
            stream.emitter.onCompletion(() -> close(stream));
            stream.emitter.onTimeout(stream::end);
            stream.emitter.onError(e -> close(stream));
            // Added under the map's lock: a stream of the same booking closing now cannot drop it.
            byBooking.compute(booking.id(), (id, streams) -> {
                var set = streams == null ? ConcurrentHashMap.<Stream>newKeySet() : streams;
                set.add(stream);
                return set;
            });
            stream.send(booking);
            // A change committed between the read of the booking and the registration above was
            // announced to no one: read it once more for this stream.
            bookings.find(booking.id()).ifPresent(stream::send);
            return stream.emitter;
        } catch (RuntimeException e) {
            close(stream);
            throw e;
        }
    }

    /** Counts the stream against the instance's cap and its owner's; false, counting nothing, when either is full. */
    private boolean take(Stream stream) {
        if (open.incrementAndGet() > properties.max()) {
            open.decrementAndGet();
            return false;
        }
        var taken = new AtomicBoolean();
        byUser.compute(stream.userId, (user, count) -> {
            int now = count == null ? 0 : count;
            if (now >= properties.maxPerUser()) {
                return count;
            }
            taken.set(true);
            return now + 1;
        });
        if (!taken.get()) {
            open.decrementAndGet();
        }
        return taken.get();
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
     * The fallback of the notifications: asks the database how each streamed booking stands, in one
     * query per {@value #POLL_BATCH}, and refreshes those whose streams sent something else; keeps
     * silent streams alive with a comment line, also when the database cannot be asked.
     */
    void poll() {
        List<String> ids = new ArrayList<>(byBooking.keySet());
        try {
            for (int from = 0; from < ids.size(); from += POLL_BATCH) {
                var batch = ids.subList(from, Math.min(ids.size(), from + POLL_BATCH));
                bookings.statesOf(batch).forEach((id, state) -> {
                    if (byBooking.getOrDefault(id, Set.of()).stream().anyMatch(s -> s.behind(state))) {
                        refresh(id);
                    }
                });
            }
        } catch (RuntimeException e) {
            log.debug("Status streams not polled: {}", e.getMessage());
        }
        var quietSince = clock.instant().minus(properties.heartbeatInterval());
        byBooking.values().forEach(streams -> streams.forEach(s -> s.heartbeatIfQuietSince(quietSince)));
    }

    /**
     * Ends every stream when the instance stops, before the web server's graceful shutdown, which
     * would otherwise wait for them, and takes no new ones: their clients open them again on
     * another instance.
     */
    @EventListener(ContextClosedEvent.class)
    void endAll() {
        stopping = true;
        byBooking.values().forEach(streams -> streams.forEach(Stream::end));
    }

    private void close(Stream stream) {
        if (!stream.closed.compareAndSet(false, true)) {
            return;
        }
        open.decrementAndGet();
        byUser.computeIfPresent(stream.userId, (user, count) -> count <= 1 ? null : count - 1);
        byBooking.computeIfPresent(stream.bookingId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** One client's stream of one booking; sends are serialized, as an emitter needs. */
    private final class Stream {

        private final String bookingId;
        private final String userId;
        private final SseEmitter emitter;
        private final AtomicBoolean closed = new AtomicBoolean();
        /** The state last sent ({@link BookingRepository#stateOf}), or null before the first send. */
        private String sent;
        private Instant lastWrite;

        Stream(String bookingId, String userId, SseEmitter emitter) {
            this.bookingId = bookingId;
            this.userId = userId;
            this.emitter = emitter;
            this.lastWrite = clock.instant();
        }

        synchronized boolean behind(String state) {
            return !state.equals(sent);
        }

        /**
         * Sends the booking unless this stream sent it in this very state; ends the stream once it
         * left PENDING. Any difference counts, not only a later time: two changes may carry the same
         * millisecond, or instances' clocks may disagree.
         */
        synchronized void send(Booking booking) {
            String state = BookingRepository.stateOf(booking);
            if (closed.get() || state.equals(sent)) {
                return;
            }
            sent = state;
            try {
                emitter.send(SseEmitter.event().name("status").id(Long.toString(booking.updatedAt().toEpochMilli()))
                        .data(BookingView.of(booking), MediaType.APPLICATION_JSON));
                lastWrite = clock.instant();
                if (booking.status() != BookingStatus.PENDING) {
                    end();
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away, or the stream ended meanwhile.
                log.debug("Status stream of {} ended: {}", bookingId, e.getMessage());
                emitter.completeWithError(e);
                close(this);
            }
        }

        synchronized void end() {
            emitter.complete();
            close(this);
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
