package dev.unicore.controlplane.auth;

import dev.unicore.controlplane.problems.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists, revokes and checks API tokens. Secrets are 256 random bits, shown once at creation
 * and stored only as their SHA-256 hash (enough for secrets of that entropy; a slow hash protects
 * guessable passwords, which these are not).
 */
@Service
public class TokenService {
  private static final String SECRET_PREFIX = "uc_";

  private final ApiTokenRepository tokens;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();

  TokenService(ApiTokenRepository tokens) {
    this.tokens = tokens;
  }

  /** A token as the API shows it: no secret. */
  public record TokenView(
      long id,
      String name,
      List<String> roles,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt) {}

  /** What checking a presented secret found. */
  public enum Check {
    VALID,
    UNKNOWN,
    EXPIRED,
    REVOKED
  }

  /** The outcome of a check: the token when it is valid. */
  public record CheckResult(Check check, TokenView token) {}

  /** Creates a token; the returned secret is not kept anywhere. */
  @Transactional
  public CreatedToken create(String name, Set<Role> roles, Duration lifetime) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new CreatedToken(view(store(name, secret, roles, lifetime)), secret);
  }

  /** A created token and its secret. */
  public record CreatedToken(TokenView token, String secret) {}

  /** Makes sure a token with this secret exists with the admin role (bootstrap). */
  @Transactional
  public void ensureAdmin(String name, String secret) {
    if (tokens.findBySecretHash(hash(secret)).isEmpty()) {
      store(name, secret, Set.of(Role.ADMIN), null);
    }
  }

  @Transactional(readOnly = true)
  public List<TokenView> list() {
    return tokens.findAllByOrderByIdDesc().stream().map(TokenService::view).toList();
  }

  @Transactional
  public void revoke(long id) {
    tokens
        .findById(id)
        .orElseThrow(() -> ApiException.notFound("token " + id))
        .revoke(clock.instant());
  }

  @Transactional(readOnly = true)
  public CheckResult check(String secret) {
    return tokens
        .findBySecretHash(hash(secret))
        .map(
            token -> {
              if (token.revokedAt() != null) {
                return new CheckResult(Check.REVOKED, null);
              }
              if (token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt())) {
                return new CheckResult(Check.EXPIRED, null);
              }
              return new CheckResult(Check.VALID, view(token));
            })
        .orElse(new CheckResult(Check.UNKNOWN, null));
  }

  private ApiTokenEntity store(String name, String secret, Set<Role> roles, Duration lifetime) {
    Instant now = clock.instant();
    return tokens.save(
        new ApiTokenEntity(
            name,
            hash(secret),
            roles.stream().map(Role::apiName).sorted().toList(),
            now,
            lifetime == null ? null : now.plus(lifetime)));
  }

  private static TokenView view(ApiTokenEntity token) {
    return new TokenView(
        token.id(),
        token.name(),
        token.roles(),
        token.createdAt(),
        token.expiresAt(),
        token.revokedAt());
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
