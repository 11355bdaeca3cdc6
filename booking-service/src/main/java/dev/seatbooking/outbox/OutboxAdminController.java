package dev.seatbooking.outbox;

import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/admin/outbox}: the follow-up work not done yet, by kind (refunds owed, releases, checks). */
@RestController
class OutboxAdminController {

    private final OutboxRepository rows;
    private final Clock clock;

    OutboxAdminController(OutboxRepository rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    @GetMapping("/v1/admin/outbox")
    OutboxBacklogView backlog() {
        return OutboxBacklogView.of(rows.backlogByKind(clock.instant()));
    }
}
