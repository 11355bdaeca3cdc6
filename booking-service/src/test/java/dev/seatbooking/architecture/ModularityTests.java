package dev.seatbooking.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatbooking.SeatBookingApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

/**
 * The features depend on each other exactly as docs/architecture.md draws it: each declares in its
 * package-info which features it may use (none is open), and Spring Modulith checks every import,
 * bean and event against that, for cycles, and for reaches into another feature's sub-packages.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(SeatBookingApplication.class);

    @Test
    void theFeaturesKeepToTheirDeclaredDependencies() {
        MODULES.verify();
    }

    @Test
    void theFeaturesAreTheOnesTheArchitectureDocumentDescribes() {
        assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .containsExactlyInAnyOrder("booking", "flight", "idempotency", "inventory", "outbox", "payment",
                        "security", "system", "ui");
    }

    /** The check can fail: a fixture application with a forbidden import and a reach into internals. */
    @Test
    void aForbiddenImportFailsTheCheck() {
        var fixture = ApplicationModules.of("fixtures.modularity", location -> true);

        Violations violations = fixture.detectViolations();

        assertThat(violations.getMessages()).hasSize(2).anySatisfy(m -> assertThat(m)
                .contains("Module 'tickets' depends on module 'seats'", "Allowed targets: none"))
                .anySatisfy(m -> assertThat(m).contains("'orders'", "SeatCounter"));
        assertThatThrownBy(fixture::verify).isInstanceOf(Violations.class);
    }
}
