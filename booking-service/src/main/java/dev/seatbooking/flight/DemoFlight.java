package dev.seatbooking.flight;

import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/** Creates flight FL101 with 100 seats at start-up, so the README's curl examples work as printed. */
@Component
@ConditionalOnBooleanProperty(name = "booking.demo-flight", matchIfMissing = true)
class DemoFlight implements ApplicationRunner {

    static final CreateFlight FL101 = new CreateFlight("FL101", "FRA", "JFK",
            Instant.parse("2027-06-01T08:30:00Z"), 100, new BigDecimal("199.00"), "EUR");

    private final FlightService flights;

    DemoFlight(FlightService flights) {
        this.flights = flights;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            flights.create(FL101);
        } catch (FlightExists e) {
            // Kept from an earlier run against the same database.
        }
    }
}
