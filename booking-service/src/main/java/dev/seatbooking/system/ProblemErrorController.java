package dev.seatbooking.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, for errors that happen outside Spring MVC's handlers (a servlet container's
 * own refusal such as {@code TRACE}, an exception out of a filter): a problem detail like every
 * other error, in place of Spring Boot's default JSON or HTML page. A request for the error page
 * itself is a path like any other that has no resource: 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        var status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatus.resolve(code) : HttpStatus.NOT_FOUND;
        if (status == null) {
            status = HttpStatus.BAD_REQUEST;
        }
        String error = switch (status) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            default -> status.is4xxClientError() ? "MALFORMED_REQUEST" : "INTERNAL_ERROR";
        };
        String detail = status.is5xxServerError() ? "Something went wrong on our side" : status.getReasonPhrase();
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemBodies.problem(status, error, detail));
    }
}
