package dev.paymentsimulator;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever the simulator does not serve (an unknown path, or a known one with another method or body
 * type) is answered as Stripe answers it: 404 {@code invalid_request_error}, "Unrecognized request
 * URL (METHOD: path)". Spring's own 404 or 405 body would not do: the Stripe SDKs read a bare
 * {@code error} string as an OAuth error. Any more specific mapping wins over this one, and it
 * covers only the simulator's base path, so a host application's own 404s are left alone.
 */
@RestController
class UnrecognizedRequests {

    private final ApiKeyCheck apiKey;

    UnrecognizedRequests(ApiKeyCheck apiKey) {
        this.apiKey = apiKey;
    }

    @RequestMapping("${simulator.base-path:/psp}/**")
    void unrecognized(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        apiKey.check(auth); // as every other call: nothing is told to a caller without the key
        throw new StripeError(404, "invalid_request_error", null, "Unrecognized request URL ("
                + request.getMethod() + ": " + request.getRequestURI() + "). Please see https://stripe.com/docs or "
                + "we can help at https://support.stripe.com/.");
    }
}
