package dev.seatbooking.security;

import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who sent a request: the token's subject is the user id; the {@code admin} role sees every booking. */
public record Caller(String userId, boolean admin) {

    public static Caller of(Jwt token) {
        List<String> roles = token.getClaimAsStringList("roles");
        return new Caller(token.getSubject(), roles != null && roles.contains("admin"));
    }

    /** Whether this caller may see and act on something {@code ownerId} owns. */
    public boolean mayAccess(String ownerId) {
        return admin || userId.equals(ownerId);
    }
}
