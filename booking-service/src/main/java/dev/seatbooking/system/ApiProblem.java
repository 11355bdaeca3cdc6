package dev.seatbooking.system;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Each subclass names one stable {@code error} code of the API
 * (DESIGN section 5); {@link ProblemDetailsAdvice} turns it into a problem detail.
 */
public abstract class ApiProblem extends RuntimeException {

    /** Seconds a client should wait before retrying after an outage of a moment (a 503). */
    static final String OUTAGE_RETRY_AFTER_SECONDS = "1";

    private final HttpStatus status;
    private final String error;

    protected ApiProblem(HttpStatus status, String error, String detail) {
        // No stack trace: this is an answer to the client, not a bug to trace, and a sold-out flight
        // gives thousands of them a second.
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    /** For an answer caused by a failure below (an outage): the cause, with its trace, is kept for the log. */
    protected ApiProblem(HttpStatus status, String error, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.status = status;
        this.error = error;
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    /**
     * The {@code Retry-After} header, in seconds, or null for none: by default a 503 (an outage
     * of a moment) asks for a retry after 1 s.
     */
    public @Nullable String retryAfter() {
        return status == HttpStatus.SERVICE_UNAVAILABLE ? OUTAGE_RETRY_AFTER_SECONDS : null;
    }
}
