package dev.seatbooking.system;

import org.springframework.http.HttpStatus;

/** Redis cannot be reached or did not answer in time: the client should retry shortly. */
public class InventoryUnavailable extends ApiProblem implements DependencyUnavailable {

    public InventoryUnavailable(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "INVENTORY_UNAVAILABLE",
                "The seat inventory is unavailable for a moment; retry shortly", cause);
    }
}
