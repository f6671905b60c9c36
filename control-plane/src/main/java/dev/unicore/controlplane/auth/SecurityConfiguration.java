package dev.unicore.controlplane.auth;

import dev.unicore.controlplane.problems.ProblemResponses;
import dev.unicore.controlplane.problems.ProblemType;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Reads need any role; recipes and recipe checks need developer or admin;
 * catalog imports and token management need admin. The contract at /v3/api-docs and the health
 * probes are public; metrics need a token. Stateless: no sessions, no cookies, so no CSRF exposure.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  private static final String[] EVERY_ROLE = {"ADMIN", "DEVELOPER", "VIEWER", "WORKER", "AGENT"};

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, TokenService tokens) throws Exception {
    http.csrf(csrf -> csrf.disable())
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            rules ->
                rules
                    // The request was authorized when it started; its async completion (a log
                    // stream ending) and error dispatches are the same request.
                    .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers(
                        "/v3/api-docs",
                        "/v3/api-docs.yaml",
                        "/api-docs/**",
                        "/webjars/**",
                        "/dashboard/**",
                        "/error")
                    .permitAll()
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                    .hasAnyRole(EVERY_ROLE)
                    .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**", "/api/v1/audit-events")
                    .hasRole("ADMIN")
                    .requestMatchers(HttpMethod.POST, "/api/v1/catalog/imports")
                    .hasRole("ADMIN")
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/recipe-checks",
                        "/api/v1/recipes",
                        "/api/v1/sources",
                        "/api/v1/builds",
                        "/api/v1/builds/*/cancel")
                    .hasAnyRole("ADMIN", "DEVELOPER")
                    .requestMatchers(
                        HttpMethod.GET, "/api/v1/tasks/*/logs", "/api/v1/tasks/*/logs/stream")
                    .hasAnyRole(EVERY_ROLE)
                    .requestMatchers("/api/v1/workers", "/api/v1/workers/**", "/api/v1/tasks/**")
                    .hasAnyRole("ADMIN", "WORKER")
                    .requestMatchers(HttpMethod.PUT, "/api/v1/recipes/*")
                    .hasAnyRole("ADMIN", "DEVELOPER")
                    .requestMatchers(
                        HttpMethod.POST, "/api/v1/agents", "/api/v1/agents/*/heartbeat")
                    .hasAnyRole("ADMIN", "AGENT")
                    .requestMatchers(
                        HttpMethod.POST, "/api/v1/deployments", "/api/v1/deployments/*/rollback")
                    .hasAnyRole("ADMIN", "DEVELOPER")
                    .requestMatchers(HttpMethod.PATCH, "/api/v1/deployments/*")
                    .hasAnyRole("ADMIN", "DEVELOPER")
                    .requestMatchers(HttpMethod.DELETE, "/api/v1/deployments/*")
                    .hasAnyRole("ADMIN", "DEVELOPER")
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .hasAnyRole(EVERY_ROLE)
                    .anyRequest()
                    .hasRole("ADMIN"))
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (request, response, exception) ->
                            BearerTokenFilter.reject(
                                response, "this route needs `Authorization: Bearer <token>`"))
                    .accessDeniedHandler(
                        (request, response, exception) ->
                            ProblemResponses.write(
                                response,
                                ProblemType.FORBIDDEN,
                                "the token's roles do not allow "
                                    + request.getMethod()
                                    + " "
                                    + request.getRequestURI())));
    return http.build();
  }

  /** Creates the bootstrap admin token of {@code unicore.auth.bootstrap-admin-token}, if set. */
  @Bean
  ApplicationRunner bootstrapAdminToken(AuthProperties properties, TokenService tokens) {
    return arguments -> {
      if (properties.bootstrapAdminToken() != null && !properties.bootstrapAdminToken().isBlank()) {
        tokens.ensureAdmin("bootstrap-admin", properties.bootstrapAdminToken());
      }
    };
  }
}
