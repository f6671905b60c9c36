package dev.unicore.registry.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues and verifies the registry's bearer tokens: JSON Web Tokens signed with HMAC-SHA256,
 * carrying issuer, subject, audience (the service), expiry and the Docker {@code access} claim.
 * Only this registry reads them, so a shared secret suffices. Thread-safe.
 */
final class TokenSigner {
  private static final Logger log = LoggerFactory.getLogger(TokenSigner.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final SecretKeySpec key;
  private final String service;
  private final Clock clock;

  /** A verified token: who it was issued to and what it grants. */
  record Verified(String subject, List<Scope> access) {}

  TokenSigner(String base64Key, String service, Clock clock) {
    byte[] secret;
    if (base64Key == null || base64Key.isBlank()) {
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      log.warn("No signing key configured: tokens are signed with a random key of this process");
    } else {
      secret = Base64.getDecoder().decode(base64Key.strip());
      if (secret.length < 32) {
        throw new IllegalArgumentException("the token signing key needs at least 32 bytes");
      }
    }
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.service = service;
    this.clock = clock;
  }

  String issue(String subject, List<Scope> access, Duration ttl) {
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", service);
    claims.put("sub", subject);
    claims.put("aud", service);
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond() - 1);
    claims.put("exp", now.plus(ttl).getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    List<Map<String, Object>> accessClaim = new ArrayList<>();
    for (Scope scope : access) {
      accessClaim.add(
          Map.of(
              "type", scope.type(), "name", scope.name(), "actions", List.copyOf(scope.actions())));
    }
    claims.put("access", accessClaim);
    String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
    String signed = HEADER + "." + payload;
    return signed + "." + B64.encodeToString(sign(signed));
  }

  /** Verifies signature, audience and lifetime; empty when any check fails. */
  Optional<Verified> verify(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3 || !parts[0].equals(HEADER)) {
      return Optional.empty();
    }
    byte[] expected = sign(parts[0] + "." + parts[1]);
    byte[] actual;
    try {
      actual = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(expected, actual)) {
      return Optional.empty();
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long now = clock.instant().getEpochSecond();
      if (!service.equals(claims.path("aud").asString(""))
          || claims.path("exp").asLong(0) < now
          || claims.path("nbf").asLong(Long.MAX_VALUE) > now) {
        return Optional.empty();
      }
      List<Scope> access = new ArrayList<>();
      for (JsonNode entry : claims.path("access")) {
        LinkedHashSet<String> actions = new LinkedHashSet<>();
        entry.path("actions").forEach(action -> actions.add(action.asString()));
        access.add(
            new Scope(entry.path("type").asString(""), entry.path("name").asString(""), actions));
      }
      return Optional.of(new Verified(claims.path("sub").asString(""), access));
    } catch (JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
