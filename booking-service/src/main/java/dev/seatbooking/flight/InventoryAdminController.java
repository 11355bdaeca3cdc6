package dev.seatbooking.flight;

import dev.seatbooking.inventory.InventoryAudit;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators' view of a flight's inventory: Redis next to the database, and a repair on demand. */
@RestController
class InventoryAdminController {

    private final InventoryAudit audit;

    InventoryAdminController(InventoryAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/v1/admin/flights/{flightId}/inventory")
    InventoryAudit.Comparison inventory(@PathVariable @Pattern(regexp = Flight.ID_PATTERN,
            message = Flight.ID_MESSAGE) String flightId) {
        return audit.compare(flightId).orElseThrow(() -> new FlightNotFound(flightId));
    }

    @PostMapping("/v1/admin/flights/{flightId}/reconcile")
    InventoryAudit.Repair reconcile(@PathVariable @Pattern(regexp = Flight.ID_PATTERN,
            message = Flight.ID_MESSAGE) String flightId) {
        return audit.reconcile(flightId).orElseThrow(() -> new FlightNotFound(flightId));
    }
}
