package dev.seatbooking.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A Content-Security-Policy on the pages: scripts, styles and calls from this origin only (and the
 * OpenID Connect issuer's, for its discovery and token endpoints, when sign-in goes through one), no
 * inline script, no framing, forms post nowhere else. The pages load nothing from elsewhere (no
 * CDN), so this costs them nothing and keeps an injected script from running. The API's JSON answers
 * and Swagger UI (springdoc's own page) go without it.
 */
@Component
class PageHeaders extends OncePerRequestFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final String policy;

    PageHeaders(Environment environment) {
        String issuer = SignInSettings.issuerOrigin(environment);
        this.policy = issuer == null ? POLICY : POLICY.replace("connect-src 'self'", "connect-src 'self' " + issuer);
    }

    private static final List<String> NOT_PAGES = List.of("/v1/", "/v3/", "/swagger-ui", "/actuator", "/psp/", "/dev/",
            "/error");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (NOT_PAGES.stream().noneMatch(path::startsWith)) {
            response.setHeader("Content-Security-Policy", policy);
            response.setHeader("Referrer-Policy", "no-referrer");
        }
        chain.doFilter(request, response);
    }
}
