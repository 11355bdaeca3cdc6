package dev.paymentsimulator;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A {@link StripeError} thrown by any of the simulator's controllers leaves in Stripe's shape; a host
 * application's controllers are not touched. First of all advices: a host's catch-all advice (the
 * booking service's turns any exception into a 500 problem) must not answer for the simulator.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = StripeErrors.class)
class StripeErrors {

    @ExceptionHandler(StripeError.class)
    ResponseEntity<Object> stripeError(StripeError e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }
}
