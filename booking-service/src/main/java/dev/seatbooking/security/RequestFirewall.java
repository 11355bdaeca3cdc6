package dev.seatbooking.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall, with its refusals answered as problem details. It refuses odd paths
 * ({@code ;x=1}, {@code //}, {@code %2e%2e}, {@code %25}, encoded line breaks) with 400
 * MALFORMED_REQUEST. Header values may carry any byte from 0x80 up (how non-ASCII text arrives),
 * so a header such as Idempotency-Key is judged by the code that reads it (422 VALIDATION_FAILED);
 * control characters stay refused.
 */
@Configuration(proxyBeanMethods = false)
class RequestFirewall {

    @Bean
    HttpFirewall httpFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(RequestFirewall::hasNoControlCharacter);
        return firewall;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return RequestFirewall::reject;
    }

    /** ASCII control characters (but tab) have no place in a header value; 0x80-0xFF do (RFC 9110's obs-text). */
    static boolean hasNoControlCharacter(String value) {
        return value.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response,
            RequestRejectedException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // Written by hand and without the path: the firewall refused it as unsafe to read.
        response.getWriter().write("""
                {"type":"/problems/malformed-request","title":"Bad Request","status":400,\
                "detail":"The request's path or headers hold characters this API does not take","error":"MALFORMED_REQUEST"}""");
    }
}
