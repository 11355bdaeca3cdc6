package dev.seatbooking.outbox;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's backlog for operators: rows not done yet, those of them due now (overdue: the relay
 * has yet to take them), and by kind, with the most attempts of any row of the kind (a refund the
 * PSP keeps refusing shows here) and since when its oldest due row has been due.
 */
record OutboxBacklogView(long rows, long overdue, List<KindBacklog> byKind) {

    record KindBacklog(String kind, long rows, long overdue, int maxAttempts, @Nullable Instant oldestDueSince) {
    }

    static OutboxBacklogView of(List<KindBacklog> byKind) {
        return new OutboxBacklogView(byKind.stream().mapToLong(KindBacklog::rows).sum(),
                byKind.stream().mapToLong(KindBacklog::overdue).sum(), byKind);
    }
}
