package dev.unicore.registry.auth;

import dev.unicore.registry.auth.AuthProperties.Account;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token endpoint of the Docker/OCI token flow. {@code GET /token?service=…&scope=…} with
 * optional Basic credentials (the Docker token specification), and {@code POST /token} with the
 * OAuth2 password grant (the form some clients use), both answer a token narrowed to what the
 * caller may have. Wrong credentials get 401 and other errors 400, as RFC 9457 problems.
 */
@RestController
class TokenController {
  private static final Logger log = LoggerFactory.getLogger(TokenController.class);
  private static final String PROBLEMS = "https://unicore.dev/problems/registry/";

  private final AuthProperties properties;
  private final AccessPolicy policy;
  private final TokenSigner signer;

  TokenController(AuthProperties properties, AccessPolicy policy, TokenSigner signer) {
    this.properties = properties;
    this.policy = policy;
    this.signer = signer;
  }

  @GetMapping(path = "/token", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> token(
      HttpServletRequest request, @RequestParam(required = false) String service) {
    // Scopes contain commas, so they are read as sent rather than split by the binder.
    String[] scopes = request.getParameterValues("scope");
    Account account = basicCredentials(request.getHeader("Authorization")).orElse(null);
    return issue(account, service, scopes == null ? List.of() : List.of(scopes));
  }

  @PostMapping(
      path = "/token",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> oauthToken(
      @RequestParam("grant_type") String grantType,
      @RequestParam(required = false) String username,
      @RequestParam(required = false) String password,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String scope) {
    if (!grantType.equals("password")) {
      throw new TokenException(
          HttpStatus.BAD_REQUEST,
          "unsupported-grant",
          "only the password grant is supported, not " + grantType);
    }
    if (username == null || password == null) {
      throw new TokenException(
          HttpStatus.BAD_REQUEST,
          "missing-credentials",
          "the password grant needs username and password");
    }
    Account account =
        policy.authenticate(username, password).orElseThrow(TokenController::invalidCredentials);
    return issue(account, service, scope == null ? List.of() : List.of(scope.split(" ")));
  }

  private Map<String, Object> issue(Account account, String service, List<String> scopes) {
    if (service != null && !service.equals(properties.service())) {
      throw new TokenException(
          HttpStatus.BAD_REQUEST,
          "unknown-service",
          "this registry is the service " + properties.service() + ", not " + service);
    }
    List<Scope> granted = new ArrayList<>();
    for (String text : scopes == null ? List.<String>of() : scopes) {
      for (String one : text.split(" ")) {
        if (one.isBlank()) {
          continue;
        }
        Scope requested =
            Scope.parse(one)
                .orElseThrow(
                    () ->
                        new TokenException(
                            HttpStatus.BAD_REQUEST,
                            "invalid-scope",
                            "a scope is TYPE:NAME:ACTIONS, not " + one));
        granted.add(policy.grant(account, requested));
      }
    }
    String subject = account == null ? "" : account.name();
    String token = signer.issue(subject, granted, properties.tokenTtl());
    log.info("Issued a token to {} for {}", account == null ? "anonymous" : subject, granted);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    body.put("access_token", token);
    body.put("expires_in", properties.tokenTtl().toSeconds());
    body.put("issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return body;
  }

  /** The account of a Basic Authorization header; empty without one; 401 when it is wrong. */
  private Optional<Account> basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalidCredentials();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw invalidCredentials();
    }
    return Optional.of(
        policy
            .authenticate(decoded.substring(0, colon), decoded.substring(colon + 1))
            .orElseThrow(TokenController::invalidCredentials));
  }

  private static TokenException invalidCredentials() {
    return new TokenException(
        HttpStatus.UNAUTHORIZED, "invalid-credentials", "the account name or secret is wrong");
  }

  @ExceptionHandler(TokenException.class)
  ResponseEntity<ProblemDetail> problem(TokenException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
    problem.setType(URI.create(PROBLEMS + e.type));
    problem.setTitle(e.status.getReasonPhrase());
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (e.status == HttpStatus.UNAUTHORIZED) {
      response.header("WWW-Authenticate", "Basic realm=\"" + properties.service() + "\"");
    }
    return response.body(problem);
  }

  /** A token request the endpoint refuses. */
  static final class TokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HttpStatus status;
    private final String type;

    TokenException(HttpStatus status, String type, String detail) {
      super(detail);
      this.status = status;
      this.type = type;
    }
  }
}
