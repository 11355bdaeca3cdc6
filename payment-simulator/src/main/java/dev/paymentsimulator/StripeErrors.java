package dev.paymentsimulator;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A {@link StripeError} thrown by any of the simulator's controllers leaves in Stripe's shape; a host
 * application's controllers are not touched.
 */
@RestControllerAdvice(basePackageClasses = StripeErrors.class)
class StripeErrors {

    @ExceptionHandler(StripeError.class)
    ResponseEntity<Object> stripeError(StripeError e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }
}
