package dev.seatbooking.flight;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/** Creates flight FL101 with 100 seats at start-up, so the README's curl examples work as printed. */
@Component
@ConditionalOnBooleanProperty(name = "booking.demo-flight", matchIfMissing = true)
class DemoFlight implements ApplicationRunner {

    /** Leaves in half a year, at 08:30 UTC, whenever the demo runs. */
    static CreateFlight fl101(Instant now) {
        var departure = now.plus(Duration.ofDays(182)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(510));
        return new CreateFlight("FL101", "FRA", "JFK", departure, 100, new BigDecimal("199.00"), "EUR");
    }

    private final FlightService flights;
    private final Clock clock;

    DemoFlight(FlightService flights, Clock clock) {
        this.clock = clock;
        this.flights = flights;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            flights.create(fl101(clock.instant()));
        } catch (FlightExists e) {
            // Kept from an earlier run against the same database.
        }
    }
}
