package dev.seatbooking.security;

import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules, in one place. Tokens are JWTs: from the issuer configured with
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or {@code jwk-set-uri}), or in dev
 * mode from {@link DevTokens}. The token's {@code roles} claim gives roles ({@code admin}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /**
     * No observation (timer, span) per security filter, authentication and authorization: with
     * them Spring Security spent about 15 % of the CPU of a claim on a sold-out flight measuring
     * itself (docs/performance.md). The request's own observation still times and traces it, and
     * refusals are counted by status in http.server.requests.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The in-process PSP simulator (dev and tests only) takes the PSP's own API key as its bearer
     * token, as Stripe does: no JWT is looked for there.
     */
    @Bean
    @Order(1)
    SecurityFilterChain simulator(HttpSecurity http) throws Exception {
        http.securityMatcher("/psp/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, JsonMapper json, ObjectProvider<JwtDecoder> decoder,
            VerifiedTokens verifiedTokens) throws Exception {
        var problems = new ProblemSecurityHandlers(json);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests
                        // Error pages answer for requests already allowed or refused.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
                        // The PSP proves itself with the webhook's signature, not a token.
                        .requestMatchers(HttpMethod.POST, "/v1/payments/webhook").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v1/flights", "/v1/flights/*").permitAll()
                        .requestMatchers(HttpMethod.POST, "/v1/flights").hasRole("ADMIN")
                        .requestMatchers("/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers("/v1/**").authenticated()
                        // Dev mode's token endpoint; absent in production.
                        .requestMatchers(HttpMethod.POST, "/dev/token").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // Anything else is no endpoint of ours: let it answer 404 NOT_FOUND.
                        .anyRequest().permitAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> {
                            decoder.ifAvailable(found -> jwt.decoder(verifiedTokens.inFrontOf(found)));
                            jwt.jwtAuthenticationConverter(roles());
                        })
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /** {@code "roles": ["admin"]} becomes ROLE_ADMIN. */
    private static JwtAuthenticationConverter roles() {
        var converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<String> roles = jwt.getClaimAsStringList("roles");
            return roles == null ? List.<GrantedAuthority>of() : roles.stream()
                    .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                    .toList();
        });
        return converter;
    }
}
