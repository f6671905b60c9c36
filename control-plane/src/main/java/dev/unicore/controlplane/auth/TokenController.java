package dev.unicore.controlplane.auth;

import dev.unicore.controlplane.api.TokensApi;
import dev.unicore.controlplane.api.model.CreatedToken;
import dev.unicore.controlplane.api.model.Token;
import dev.unicore.controlplane.api.model.TokenRequest;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The token routes of the contract. */
@RestController
class TokenController implements TokensApi {
  private final TokenService tokens;

  TokenController(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public ResponseEntity<CreatedToken> createToken(TokenRequest request) {
    if (request.getName() == null || request.getName().isBlank()) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "`name` must say who uses the token");
    }
    if (request.getRoles() == null || request.getRoles().isEmpty()) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "`roles` must name at least one role");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    request.getRoles().forEach(role -> roles.add(Role.fromApiName(role.getValue()).orElseThrow()));
    Duration lifetime =
        request.getExpiresInSeconds() == null
            ? null
            : Duration.ofSeconds(request.getExpiresInSeconds());
    TokenService.CreatedToken created = tokens.create(request.getName(), roles, lifetime);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new CreatedToken(toModel(created.token()), created.secret()));
  }

  @Override
  public ResponseEntity<List<Token>> listTokens() {
    return ResponseEntity.ok(tokens.list().stream().map(TokenController::toModel).toList());
  }

  @Override
  public ResponseEntity<Void> revokeToken(Long id) {
    tokens.revoke(id);
    return ResponseEntity.noContent().build();
  }

  private static Token toModel(TokenService.TokenView view) {
    Token token = new Token(view.id(), view.name(), view.roles(), utc(view.createdAt()));
    token.setExpiresAt(utc(view.expiresAt()));
    token.setRevokedAt(utc(view.revokedAt()));
    return token;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
