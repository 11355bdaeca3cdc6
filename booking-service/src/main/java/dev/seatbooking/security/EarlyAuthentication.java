package dev.seatbooking.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.stereotype.Component;

/**
 * Authentication for code that answers a request before the security filter chain does (the
 * claim refused from memory, booking.claim.EarlyRefusalFilter): the caller of a bearer token the
 * chain would accept, judged by the same decoder and cache of verified tokens, and the headers the
 * chain writes on every answer. It accepts only a subset of what the chain does; anything else it leaves
 * to the chain, which answers it as always.
 */
@Component
public class EarlyAuthentication {

    /** Spring Security's own pattern for the header (DefaultBearerTokenResolver), with its case. */
    private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$");

    /** The writers Spring Security's {@code headers()} adds by default, in its order. */
    private static final List<HeaderWriter> HEADERS = List.of(new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
            new XFrameOptionsHeaderWriter());

    private final @Nullable JwtDecoder decoder;

    EarlyAuthentication(ObjectProvider<JwtDecoder> decoder, VerifiedTokens verifiedTokens) {
        var found = decoder.getIfAvailable();
        this.decoder = found == null ? null : verifiedTokens.inFrontOf(found);
    }

    /** Whether the {@code Authorization} header has the form of a bearer token, before anything judges the token. */
    public static boolean looksLikeBearer(@Nullable String authorization) {
        return authorization != null && BEARER.matcher(authorization).matches();
    }

    /**
     * The caller whose token the {@code Authorization} header carries, or null when the chain must
     * judge the request: no header, another scheme, a malformed, refused or expired token, or one
     * without a subject.
     */
    public @Nullable Caller caller(@Nullable String authorization) {
        if (decoder == null || authorization == null) {
            return null;
        }
        var bearer = BEARER.matcher(authorization);
        if (!bearer.matches()) {
            return null;
        }
        try {
            var jwt = decoder.decode(bearer.group("token"));
            return jwt.getSubject() == null ? null : Caller.of(jwt);
        } catch (JwtException e) {
            return null;
        }
    }

    /** The headers the security filter chain adds to every answer (no sniffing, no caching, no framing). */
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        HEADERS.forEach(writer -> writer.writeHeaders(request, response));
    }
}
