package dev.seatbooking.system;

import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Each subclass names one stable {@code error} code of the API
 * (DESIGN section 5); {@link ProblemDetailsAdvice} turns it into a problem detail.
 */
public abstract class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    protected ApiProblem(HttpStatus status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
