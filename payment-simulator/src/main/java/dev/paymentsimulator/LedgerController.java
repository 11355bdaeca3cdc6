package dev.paymentsimulator;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The simulator's books over HTTP, for tests and for people watching a run. */
@RestController
@RequestMapping("${simulator.base-path:/psp}")
class LedgerController {

    private final Ledger ledger;
    private final Outage outage;

    LedgerController(Ledger ledger, Outage outage) {
        this.ledger = ledger;
        this.outage = outage;
    }

    /** The next {@code failNext} payment creations answer 500, to test how a client copes. */
    @PostMapping("/outage")
    Map<String, Object> outage(@RequestParam(required = false) Integer failNext,
            @RequestParam(required = false) String silenceBooking) {
        if (failNext != null) {
            outage.failNext(failNext);
        }
        if (silenceBooking != null) {
            outage.silence(silenceBooking);
        }
        return Map.of("failNext", failNext == null ? 0 : failNext, "silenced", silenceBooking == null ? "" : silenceBooking);
    }

    @GetMapping("/ledger")
    Map<String, Object> ledger() {
        return ledger.snapshot();
    }
}
