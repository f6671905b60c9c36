package dev.unicore.controlplane.auth;

import dev.unicore.controlplane.problems.ProblemResponses;
import dev.unicore.controlplane.problems.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <secret>}. A valid token becomes the request's principal with
 * its roles; a presented but unknown, expired or revoked token is answered with 401 at once, saying
 * which. Without the header the request goes on anonymous, and the authorization rules decide (401
 * for any protected route).
 */
class BearerTokenFilter extends OncePerRequestFilter {
  private static final String BEARER = "Bearer ";

  private final TokenService tokens;

  BearerTokenFilter(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    if (!header.startsWith(BEARER) || header.length() == BEARER.length()) {
      reject(response, "the Authorization header must be `Bearer <token>`");
      return;
    }
    TokenService.CheckResult result = tokens.check(header.substring(BEARER.length()).trim());
    switch (result.check()) {
      case VALID -> {
        TokenService.TokenView token = result.token();
        UsernamePasswordAuthenticationToken authentication =
            UsernamePasswordAuthenticationToken.authenticated(
                token.name(),
                null,
                token.roles().stream()
                    .map(
                        role ->
                            new SimpleGrantedAuthority(
                                "ROLE_" + role.toUpperCase(java.util.Locale.ROOT)))
                    .toList());
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
      }
      case UNKNOWN -> reject(response, "the bearer token is not known");
      case EXPIRED -> reject(response, "the bearer token has expired; ask an admin for a new one");
      case REVOKED -> reject(response, "the bearer token was revoked; ask an admin for a new one");
    }
  }

  static void reject(HttpServletResponse response, String detail) throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"unicore\"");
    ProblemResponses.write(response, ProblemType.UNAUTHORIZED, detail);
  }
}
