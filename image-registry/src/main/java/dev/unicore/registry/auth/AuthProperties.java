package dev.unicore.registry.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication settings.
 *
 * @param enabled whether {@code /v2/} requires tokens (off: the registry is open)
 * @param service the service name clients name in token requests and tokens carry as audience
 * @param realm the token endpoint's absolute URL for the challenge; empty: derived from the request
 * @param tokenTtl how long an issued token is valid
 * @param signingKey the HMAC key, base64, at least 32 bytes; empty: a random key per process (then
 *     every replica needs the same configured key)
 * @param anonymousPull repository patterns anyone may pull ({@code *} matches any characters)
 * @param accounts the users and robot accounts
 */
@Validated
@ConfigurationProperties("unicore.registry.auth")
public record AuthProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("unicore-registry") @NotBlank String service,
    @DefaultValue("") String realm,
    @DefaultValue("5m") @NotNull Duration tokenTtl,
    @DefaultValue("") String signingKey,
    @DefaultValue({}) List<String> anonymousPull,
    @DefaultValue({}) @Valid List<Account> accounts) {

  /**
   * A user or robot account.
   *
   * @param name the account name (robots conventionally {@code robot$NAME})
   * @param secretHash the bcrypt hash of the password or robot secret
   * @param robot whether this is a robot account (for audit only; the rules are the same)
   * @param catalog whether the account may list the catalog
   * @param access what the account may do where
   */
  public record Account(
      @NotBlank String name,
      @NotBlank String secretHash,
      @DefaultValue("false") boolean robot,
      @DefaultValue("false") boolean catalog,
      @DefaultValue({}) @Valid List<Grant> access) {}

  /**
   * Actions an account may take on the repositories matching a pattern.
   *
   * @param repository a repository pattern ({@code *} matches any characters)
   * @param actions some of {@code pull}, {@code push}, {@code delete}, or {@code *} for all
   */
  public record Grant(@NotBlank String repository, @NotNull List<String> actions) {}
}
