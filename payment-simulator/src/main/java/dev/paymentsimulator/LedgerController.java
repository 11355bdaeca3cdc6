package dev.paymentsimulator;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The simulator's books over HTTP, for tests and for people watching a run. */
@RestController
@RequestMapping("${simulator.base-path:/psp}")
class LedgerController {

    private final Ledger ledger;

    LedgerController(Ledger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/ledger")
    Map<String, Object> ledger() {
        return ledger.snapshot();
    }
}
