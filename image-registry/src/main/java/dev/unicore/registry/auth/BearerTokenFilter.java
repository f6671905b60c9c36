package dev.unicore.registry.auth;

import dev.unicore.registry.distribution.ErrorCode;
import dev.unicore.registry.distribution.OciErrors;
import dev.unicore.registry.distribution.RegistryPath;
import dev.unicore.registry.distribution.RegistryPath.Route;
import dev.unicore.registry.distribution.RegistryRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /v2/} when authentication is enabled. Each request needs an action on its
 * repository: pull to read, push (with pull, as the token flow asks for both) to upload, delete to
 * delete; the catalog needs {@code registry:catalog:*} and the version check any valid token.
 * Anonymously pullable repositories may be read without any token. A missing, invalid or expired
 * token, or one without the needed scope, gets 401 UNAUTHORIZED in the OCI envelope with the
 * challenge naming the scope to ask for. Requests whose repository name is invalid pass on to be
 * refused with NAME_INVALID; they cannot change anything.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BearerTokenFilter extends OncePerRequestFilter {
  private final AuthProperties properties;
  private final TokenSigner signer;
  private final AccessPolicy policy;

  BearerTokenFilter(AuthProperties properties, TokenSigner signer, AccessPolicy policy) {
    this.properties = properties;
    this.signer = signer;
    this.policy = policy;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !properties.enabled() || !request.getRequestURI().startsWith("/v2");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String raw = request.getRequestURI().substring(request.getContextPath().length());
    Optional<RegistryPath> parsed = RegistryPath.parse(raw);
    if (parsed.isEmpty()
        || (parsed.get().repository() != null
            && !RegistryPath.isValidName(parsed.get().repository()))) {
      chain.doFilter(request, response);
      return;
    }
    RegistryPath path = parsed.get();
    Optional<TokenSigner.Verified> token = bearer(request).flatMap(signer::verify);
    boolean presented = bearer(request).isPresent();
    List<Scope> granted = token.map(TokenSigner.Verified::access).orElse(List.of());
    Predicate<String> mayPull =
        repository ->
            policy.isAnonymouslyPullable(repository)
                || allows(granted, "repository", repository, Scope.PULL);
    request.setAttribute(RegistryRequest.PULL_ALLOWED, mayPull);

    String scope;
    boolean allowed;
    switch (path.route()) {
      case BASE -> {
        scope = null;
        allowed = token.isPresent();
      }
      case CATALOG -> {
        scope = "registry:catalog:*";
        allowed = allows(granted, "registry", "catalog", "*");
      }
      default -> {
        String repository = path.repository();
        String action = action(request.getMethod(), path.route());
        scope =
            "repository:" + repository + ":" + (action.equals(Scope.PUSH) ? "pull,push" : action);
        allowed =
            action.equals(Scope.PULL)
                ? mayPull.test(repository)
                : allows(granted, "repository", repository, action);
      }
    }
    if (allowed) {
      chain.doFilter(request, response);
      return;
    }
    StringBuilder challenge =
        new StringBuilder("Bearer realm=\"")
            .append(realm(request))
            .append("\",service=\"")
            .append(properties.service())
            .append('"');
    if (scope != null) {
      challenge.append(",scope=\"").append(scope).append('"');
    }
    if (token.isPresent()) {
      challenge.append(",error=\"insufficient_scope\"");
    } else if (presented) {
      challenge.append(",error=\"invalid_token\"");
    }
    response.setHeader("WWW-Authenticate", challenge.toString());
    response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    String detail =
        token.isPresent()
            ? "the token does not grant " + scope
            : presented ? "the token is invalid or expired" : "a bearer token is required";
    OciErrors.write(
        response,
        401,
        ErrorCode.UNAUTHORIZED,
        scope == null ? Map.of("reason", detail) : Map.of("reason", detail, "scope", scope));
  }

  private static String action(String method, Route route) {
    return switch (method) {
      case "GET", "HEAD" -> route == Route.UPLOAD ? Scope.PUSH : Scope.PULL;
      case "DELETE" -> route == Route.UPLOAD ? Scope.PUSH : Scope.DELETE;
      default -> Scope.PUSH;
    };
  }

  private static boolean allows(List<Scope> granted, String type, String name, String action) {
    for (Scope scope : granted) {
      if (scope.type().equals(type) && scope.name().equals(name) && scope.allows(action)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> bearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(header.substring(7).strip());
  }

  private String realm(HttpServletRequest request) {
    if (!properties.realm().isBlank()) {
      return properties.realm();
    }
    String host = request.getHeader("Host");
    if (host == null) {
      host = request.getServerName() + ":" + request.getServerPort();
    }
    return request.getScheme() + "://" + host + request.getContextPath() + "/token";
  }
}
