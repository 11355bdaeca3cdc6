package dev.seatbooking.booking;

import dev.seatbooking.security.Caller;
import java.util.List;
import org.springframework.stereotype.Service;

/** A caller's reads of a booking: someone else's booking is not found, so booking ids cannot be probed. */
@Service
public class BookingLookup {

    private final BookingRepository bookings;

    BookingLookup(BookingRepository bookings) {
        this.bookings = bookings;
    }

    public Booking find(String bookingId, Caller caller) {
        return bookings.find(bookingId).filter(booking -> caller.mayAccess(booking.userId()))
                .orElseThrow(() -> new BookingNotFound(bookingId));
    }

    /** One page of the caller's own bookings, newest first: an admin's too are only their own. */
    BookingPage mine(Caller caller, int page, int size) {
        var views = bookings.ofUser(caller.userId(), page, size).stream().map(BookingView::of).toList();
        return new BookingPage(views, page, size, bookings.countOfUser(caller.userId()));
    }

    List<BookingEvent> events(String bookingId, Caller caller) {
        find(bookingId, caller);
        return bookings.events(bookingId);
    }
}
