package dev.unicore.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.auth.AuthProperties.Account;
import dev.unicore.registry.auth.AuthProperties.Grant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class AccessPolicyTest {
  private static final String HASH = new BCryptPasswordEncoder(4).encode("s3cret");
  private static final Account ALICE =
      new Account("alice", HASH, false, true, List.of(new Grant("team/*", List.of("*"))));
  private static final Account ROBOT =
      new Account(
          "robot$ci", HASH, true, false, List.of(new Grant("team/app", List.of("pull", "push"))));
  private final AccessPolicy policy =
      new AccessPolicy(
          new AuthProperties(
              true,
              "svc",
              "",
              Duration.ofMinutes(5),
              "",
              List.of("public/*"),
              List.of(ALICE, ROBOT)));

  @Test
  void authenticatesOnlyTheRightSecret() {
    assertThat(policy.authenticate("alice", "s3cret")).hasValue(ALICE);
    assertThat(policy.authenticate("alice", "wrong")).isEmpty();
    assertThat(policy.authenticate("nobody", "s3cret")).isEmpty();
  }

  @Test
  void narrowsRequestedScopesToWhatTheAccountMayHave() {
    assertThat(policy.grant(ROBOT, scope("repository:team/app:pull,push,delete")).actions())
        .containsExactly("pull", "push");
    assertThat(policy.grant(ROBOT, scope("repository:team/other:pull")).actions()).isEmpty();
    assertThat(policy.grant(ALICE, scope("repository:team/other:*")).actions())
        .containsExactlyInAnyOrder("pull", "push", "delete");
    assertThat(policy.grant(null, scope("repository:public/os:pull,push")).actions())
        .containsExactly("pull");
    assertThat(policy.grant(null, scope("repository:team/app:pull")).actions()).isEmpty();
    assertThat(policy.grant(ALICE, scope("registry:catalog:*")).actions()).containsExactly("*");
    assertThat(policy.grant(ROBOT, scope("registry:catalog:*")).actions()).isEmpty();
    assertThat(policy.grant(ALICE, scope("repository:team/../etc:pull")).actions()).isEmpty();
  }

  @Test
  void tokensVerifyOnlyUnchangedUnexpiredAndForThisService() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    TokenSigner signer = new TokenSigner("", "svc", clock);
    String token =
        signer.issue("alice", List.of(scope("repository:team/app:pull")), Duration.ofMinutes(5));

    assertThat(signer.verify(token))
        .hasValueSatisfying(
            v -> assertThat(v.access()).containsExactly(scope("repository:team/app:pull")));
    String[] parts = token.split("\\.");
    assertThat(signer.verify(parts[0] + "." + parts[1] + "x." + parts[2])).isEmpty();
    assertThat(new TokenSigner("", "svc", clock).verify(token)).as("another key").isEmpty();
    TokenSigner later = new TokenSigner("", "svc", Clock.offset(clock, Duration.ofMinutes(6)));
    assertThat(later.verify(later.issue("a", List.of(), Duration.ofMinutes(-1))))
        .as("expired")
        .isEmpty();
    TokenSigner otherService = new TokenSigner("", "other", clock);
    assertThat(otherService.verify(otherService.issue("a", List.of(), Duration.ofMinutes(5))))
        .isPresent();
  }

  private static Scope scope(String text) {
    return Scope.parse(text).orElseThrow();
  }
}
