package dev.seatbooking.system;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * A value in the log context (MDC) for a block, after which the value that was there before is back:
 * {@code MDC.putCloseable} removes the key instead, so a step called from another (a refund from the
 * outbox relay, a payment from a webhook) would leave its caller's later log lines without the booking.
 */
public final class LogContext {

    /** Restores the log context's previous value when closed. */
    public interface Scope extends AutoCloseable {

        @Override
        void close();
    }

    private LogContext() {
    }

    public static Scope put(String key, @Nullable String value) {
        String before = MDC.get(key);
        MDC.put(key, value);
        return () -> {
            if (before == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, before);
            }
        };
    }
}
