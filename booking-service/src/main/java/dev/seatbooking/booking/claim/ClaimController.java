package dev.seatbooking.booking.claim;

import dev.seatbooking.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ClaimController {

    private final BookingClaims claims;

    ClaimController(BookingClaims claims) {
        this.claims = claims;
    }

    /** The body goes out as stored, so a repeat under the same Idempotency-Key gets the same bytes. */
    @PostMapping("/v1/bookings")
    ResponseEntity<String> create(@RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody CreateBooking body, @AuthenticationPrincipal Jwt token, HttpServletRequest http) {
        var caller = Caller.of(token);
        var response = claims.claim(body.forCaller(caller), caller, key, http.getRemoteAddr());
        return ResponseEntity.status(response.status()).contentType(MediaType.APPLICATION_JSON).body(response.body());
    }
}
