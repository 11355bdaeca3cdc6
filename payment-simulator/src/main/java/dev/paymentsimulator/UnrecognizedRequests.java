package dev.paymentsimulator;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever the simulator does not serve (an unknown path, or a known one with another method or body
 * type) is answered as Stripe answers it: 404 {@code invalid_request_error}, "Unrecognized request
 * URL (METHOD: path)". Spring's own 404 or 405 body would not do: the Stripe SDKs read a bare
 * {@code error} string as an OAuth error. Any more specific mapping wins over this one, and it
 * covers only the simulator's base path, so a host application's own 404s are left alone. A known
 * path with a body it does not take (JSON where Stripe takes a form) is answered the same way.
 */
@RestController
class UnrecognizedRequests {

    private final ApiKeyCheck apiKey;
    private final String basePath;

    UnrecognizedRequests(ApiKeyCheck apiKey, @Value("${simulator.base-path:/psp}") String basePath) {
        this.apiKey = apiKey;
        this.basePath = basePath;
    }

    @RequestMapping("${simulator.base-path:/psp}/**")
    void unrecognized(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        apiKey.check(auth); // as every other call: nothing is told to a caller without the key
        // The path as Stripe would see it: without the base path the simulator is served under.
        String path = request.getRequestURI().substring(request.getContextPath().length() + basePath.length());
        throw new StripeError(404, "invalid_request_error", null, "Unrecognized request URL ("
                + request.getMethod() + ": " + path + "). Please see https://stripe.com/docs or we can help at "
                + "https://support.stripe.com/.");
    }
}
