package dev.seatbooking.system;

import jakarta.validation.ConstraintViolationException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error leaves as an RFC 9457 problem detail with a stable {@code error} code (DESIGN section
 * 5). Clients branch on {@code error}, never on the wording of {@code detail}. No stack trace and no
 * internal class name ever reaches a client; a bug answers 500 {@code INTERNAL_ERROR} and is logged.
 * The content type is set, not negotiated: a client whose Accept header nothing satisfies (406), or
 * does not parse, still gets the problem detail rather than an empty answer.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /** A body's errors in a stable order: the validator finds them in no particular one. */
    private static final Comparator<Map<String, String>> BY_FIELD =
            Comparator.<Map<String, String>, String>comparing(e -> e.get("field")).thenComparing(e -> e.get("message"));

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        var body = ProblemBodies.problem(problem.status(), problem.error(), problem.getMessage());
        var response = ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem instanceof InventoryUnavailable) {
            log.warn("Redis unavailable: {}", problem.getCause() == null ? "" : problem.getCause().getMessage());
        }
        if (problem.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfter());
        }
        return response.body(body);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        var body = ProblemBodies.problem(HttpStatus.UNPROCESSABLE_CONTENT, "VALIDATION_FAILED", "The request breaks a rule");
        body.setProperty("errors", e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .sorted(BY_FIELD).toList());
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    // A connection cut mid-transaction surfaces as a failed commit or rollback (TransactionSystemException).
    @ExceptionHandler({CannotGetJdbcConnectionException.class, TransientDataAccessException.class,
            DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransactionSystemException.class})
    ResponseEntity<Object> databaseUnavailable(Exception e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, ApiProblem.OUTAGE_RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemBodies.problem(HttpStatus.SERVICE_UNAVAILABLE, "DATABASE_UNAVAILABLE",
                        "The booking database is unavailable for a moment; retry shortly"));
    }

    /** A header value the firewall refuses, met when the code reads it. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> requestRejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemBodies.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                "The request's path or headers hold characters this API does not take"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemBodies.problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Something went wrong on our side"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Jackson's message names internal classes; say what is wrong in the client's terms.
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemBodies.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                "The body is not valid JSON, or a field has the wrong type"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var body = ProblemBodies.problem(HttpStatus.UNPROCESSABLE_CONTENT, "VALIDATION_FAILED", "The request breaks a rule");
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .sorted(BY_FIELD).toList();
        body.setProperty("errors", errors);
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var body = ProblemBodies.problem(HttpStatus.UNPROCESSABLE_CONTENT, "VALIDATION_FAILED", "The request breaks a rule");
        body.setProperty("errors", e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .sorted(BY_FIELD).toList());
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** A query parameter that is not of its type (a date that is no date): the rule it breaks, by name. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        var body = ProblemBodies.problem(HttpStatus.UNPROCESSABLE_CONTENT, "VALIDATION_FAILED", "The request breaks a rule");
        var type = e.getRequiredType();
        String expected = type == LocalDate.class ? "a date such as 2026-12-24"
                : type == int.class || type == Integer.class ? "a whole number" : "a valid value";
        body.setProperty("errors", List.of(Map.of("field", String.valueOf(e.getPropertyName()), "message",
                "must be " + expected)));
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // Spring's own exceptions (405, 406, 415, 404 for unknown paths, ...): keep the status, add a code.
        var problem = ProblemBodies.problem(HttpStatus.valueOf(status.value()), errorCodeOf(e, status), reasonOf(status));
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String errorCodeOf(Exception e, HttpStatusCode status) {
        return switch (e) {
            case HttpRequestMethodNotSupportedException ignored -> "METHOD_NOT_ALLOWED";
            case HttpMediaTypeNotSupportedException ignored -> "UNSUPPORTED_MEDIA_TYPE";
            case HttpMediaTypeNotAcceptableException ignored -> "NOT_ACCEPTABLE";
            case NoResourceFoundException ignored -> "NOT_FOUND";
            default -> status.is4xxClientError() ? "MALFORMED_REQUEST" : "INTERNAL_ERROR";
        };
    }

    private static String reasonOf(HttpStatusCode status) {
        var known = HttpStatus.resolve(status.value());
        return known == null ? "Request failed" : known.getReasonPhrase();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
