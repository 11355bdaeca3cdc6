package dev.seatbooking.booking.claim;

import dev.seatbooking.security.EarlyAuthentication;
import dev.seatbooking.system.ApiProblem;
import dev.seatbooking.system.ProblemBodies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a claim on a flight this instance knows to be full before the security filter chain, the
 * request's observation and Spring MVC run: in a flash crowd nearly every claim is such a refusal,
 * and those layers cost most of its CPU (docs/performance.md). It takes only a claim it can judge
 * exactly as the full path would: {@code POST /v1/bookings} without a query, a JSON body of a known
 * length up to 2 KB that parses and validates, the caller's own bearer token as the chain would
 * accept it, a flight it names in the memory of full flights, and then only if {@link
 * BookingClaims#refusalFromMemory} refuses it. Every other
 * request goes down the chain as it came, its body replayed. The answer is what the full path
 * gives, byte for byte, with the chain's headers, and is counted in {@code http.server.requests}
 * as the request's observation would; the request has no span (the Redis reads of a keyed refusal
 * start traces of their own). {@code FastPathDifferentialTests}
 * holds it to that. Off with {@code booking.early-refusals=false}.
 *
 * <p>It runs first, beside Spring's character-encoding filter and the body limit, ahead of the
 * request's observation: with {@code server.forward-headers-strategy=framework} the client's
 * address would be read before Spring's forwarded-header filter sets it, so it stays off then
 * ({@code native}, Tomcat's own valve, is what docs/security.md asks for).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty(name = "booking.early-refusals", havingValue = "true", matchIfMissing = true)
class EarlyRefusalFilter extends OncePerRequestFilter {

    private static final String CLAIMS = "/v1/bookings";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** A claim's body is about a hundred bytes; a larger one is left to the full path. */
    private static final long MAX_BODY_BYTES = 2048;

    private final BookingClaims bookings;
    private final EarlyAuthentication authentication;
    private final JsonMapper json;
    private final ProblemBodies problems;
    private final Validator validator;
    private final MeterRegistry registry;
    private final boolean enabled;
    private final String claims;
    private final long maxBodyBytes;
    private final Map<Integer, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Counter refusedEarly;

    EarlyRefusalFilter(BookingClaims bookings, EarlyAuthentication authentication, JsonMapper json,
            ProblemBodies problems, Validator validator, MeterRegistry registry,
            @Value("${server.forward-headers-strategy:none}") String forwardHeaders,
            @Value("${server.servlet.context-path:}") String contextPath,
            @Value("${server.max-request-body:64KB}") DataSize maxRequestBody) {
        this.bookings = bookings;
        this.authentication = authentication;
        this.json = json;
        this.problems = problems;
        this.validator = validator;
        this.registry = registry;
        this.enabled = !"framework".equalsIgnoreCase(forwardHeaders);
        this.claims = contextPath + CLAIMS;
        // Never past the body limit: a body it refuses (413) must not be read here.
        this.maxBodyBytes = Math.min(MAX_BODY_BYTES, maxRequestBody.toBytes());
        this.refusedEarly = Counter.builder("booking.claims.refused_early")
                .description("Claims refused before the security filter chain and Spring MVC ran, from memory")
                .register(registry);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enabled || !mayBeClaim(request)) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        byte[] body = request.getInputStream().readNBytes((int) request.getContentLengthLong());
        var refusal = refusal(request, body);
        if (refusal == null) {
            chain.doFilter(new ReplayedBody(request, body), response);
            return;
        }
        write(refusal, request, response);
        refusedEarly.increment();
        requestTimers.computeIfAbsent(refusal.status().value(), this::requestTimer)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * A claim this filter may take, judged on its line and headers alone: the body is read only
     * then. Two Idempotency-Keys are one key to Spring MVC (joined by a comma), and left to it.
     */
    private boolean mayBeClaim(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        return "POST".equals(request.getMethod()) && claims.equals(request.getRequestURI())
                && request.getQueryString() == null && length > 0 && length <= maxBodyBytes
                && "application/json".equals(request.getContentType())
                && EarlyAuthentication.looksLikeBearer(request.getHeader(HttpHeaders.AUTHORIZATION))
                && atMostOne(request.getHeaders(IDEMPOTENCY_KEY));
    }

    private static boolean atMostOne(Enumeration<String> values) {
        if (values.hasMoreElements()) {
            values.nextElement();
        }
        return !values.hasMoreElements();
    }

    /**
     * The full path's refusal of this claim from memory, or null when it must go down the chain.
     * The cheap looks come first: a claim on a flight this instance does not remember as full costs
     * a parse of its body, and no token check.
     */
    private @Nullable ApiProblem refusal(HttpServletRequest request, byte[] body) {
        CreateBooking claim;
        try {
            claim = json.readValue(body, CreateBooking.class);
            if (!validator.validate(claim).isEmpty() || !bookings.mayBeRefusedFromMemory(claim)) {
                return null;
            }
        } catch (RuntimeException e) {
            // Unreadable: the full path says what is wrong.
            return null;
        }
        var caller = authentication.caller(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (caller == null) {
            return null;
        }
        try {
            claim = claim.forCaller(caller);
        } catch (UserMismatch e) {
            return null;
        }
        return bookings.refusalFromMemory(claim, caller, request.getHeader(IDEMPOTENCY_KEY), request.getRemoteAddr())
                .orElse(null);
    }

    private void write(ApiProblem refusal, HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = problems.json(refusal, claims);
        authentication.writeHeaders(request, response);
        response.setStatus(refusal.status().value());
        if (refusal.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, refusal.retryAfter());
        }
        response.setContentType(ProblemBodies.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The meter the request's observation records a claim's answer in, with its tags. */
    private Timer requestTimer(int status) {
        return Timer.builder("http.server.requests")
                .tags("method", "POST", "uri", CLAIMS, "status", Integer.toString(status), "outcome", "CLIENT_ERROR",
                        "exception", "none", "error", "none")
                .register(registry);
    }

    /** The request with its body, read here, to be read again down the chain. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            var encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
