package dev.seatbooking.system;

import org.springframework.http.HttpStatus;

/** A field breaks a rule that annotations cannot say, such as "flightIdentifier or flightIds, not both". */
public class ValidationFailed extends ApiProblem {

    public ValidationFailed(String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "VALIDATION_FAILED", detail);
    }
}
