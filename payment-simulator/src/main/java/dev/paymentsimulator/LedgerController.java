package dev.paymentsimulator;

import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The simulator's books over HTTP, for tests and for people watching a run. */
@RestController
@RequestMapping("${simulator.base-path:/psp}")
class LedgerController {

    private final Ledger ledger;
    private final Outage outage;
    private final ApiKeyCheck apiKey;

    LedgerController(Ledger ledger, Outage outage, ApiKeyCheck apiKey) {
        this.ledger = ledger;
        this.outage = outage;
        this.apiKey = apiKey;
    }

    /**
     * PSP faults, to test how a client copes: the next {@code failNext} payment creations answer 500;
     * the events of {@code silenceBooking} are lost; the next payment creation takes {@code
     * slowNextMillis} before it answers (a slow PSP, while the booking moves on).
     */
    @PostMapping("/outage")
    Map<String, Object> outage(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestParam(required = false) Integer failNext, @RequestParam(required = false) String silenceBooking,
            @RequestParam(required = false) Long slowNextMillis) {
        apiKey.check(auth);
        if (failNext != null) {
            outage.failNext(failNext);
        }
        if (silenceBooking != null) {
            outage.silence(silenceBooking);
        }
        if (slowNextMillis != null) {
            outage.slowNext(Duration.ofMillis(Math.clamp(slowNextMillis, 0, 60_000)));
        }
        return Map.of("failNext", failNext == null ? 0 : failNext, "silenced", silenceBooking == null ? "" : silenceBooking,
                "slowNextMillis", slowNextMillis == null ? 0 : slowNextMillis);
    }

    /** The books, for the key's holder only: intents carry their metadata and client secrets. */
    @GetMapping("/ledger")
    Map<String, Object> ledger(@RequestHeader(name = "Authorization", required = false) String auth) {
        apiKey.check(auth);
        return ledger.snapshot();
    }
}
