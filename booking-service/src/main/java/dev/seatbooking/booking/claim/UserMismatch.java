package dev.seatbooking.booking.claim;

import dev.seatbooking.system.ApiProblem;
import org.springframework.http.HttpStatus;

/** 403 USER_MISMATCH: the body books for a user other than the token's. */
class UserMismatch extends ApiProblem {

    UserMismatch() {
        super(HttpStatus.FORBIDDEN, "USER_MISMATCH", "userId differs from the user of the token; leave it out");
    }
}
