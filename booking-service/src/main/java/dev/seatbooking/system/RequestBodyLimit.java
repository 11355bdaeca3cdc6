package dev.seatbooking.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code server.max-request-body} (64KB) with 413
 * PAYLOAD_TOO_LARGE before anything reads it: every body this API takes is a few hundred bytes (a
 * PSP event a few KB), and a large one would only cost memory and parsing time. A body sent without
 * a length (chunked) is counted as it is read and cut off at the same size.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;

    RequestBodyLimit(@Value("${server.max-request-body:64KB}") DataSize maxBody) {
        this.maxBytes = maxBody.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            // Written by hand: this filter runs before Spring MVC and its message converters.
            response.getWriter().write("""
                    {"type":"/problems/payload-too-large","title":"Content Too Large","status":413,\
                    "detail":"The body is larger than %d bytes","instance":"%s","error":"PAYLOAD_TOO_LARGE"}"""
                    .formatted(maxBytes, request.getRequestURI().replaceAll("[^A-Za-z0-9/_.-]", "")));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new LimitedBodyRequest(request, maxBytes) : request, response);
    }
}
