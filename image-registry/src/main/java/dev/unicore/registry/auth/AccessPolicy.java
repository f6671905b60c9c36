package dev.unicore.registry.auth;

import dev.unicore.registry.auth.AuthProperties.Account;
import dev.unicore.registry.auth.AuthProperties.Grant;
import dev.unicore.registry.distribution.RegistryPath;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Who may do what: checks account secrets (bcrypt; an unknown name costs as much as a wrong secret)
 * and narrows requested scopes to what the account, or anyone for anonymously pullable
 * repositories, may have.
 */
final class AccessPolicy {
  private final Map<String, Account> accounts;
  private final List<Pattern> anonymousPull;
  private final PasswordEncoder encoder = new BCryptPasswordEncoder();
  private final String dummyHash = encoder.encode(UUID.randomUUID().toString());

  AccessPolicy(AuthProperties properties) {
    this.accounts =
        properties.accounts().stream()
            .collect(Collectors.toUnmodifiableMap(Account::name, Function.identity()));
    this.anonymousPull = properties.anonymousPull().stream().map(AccessPolicy::glob).toList();
  }

  /** The account with this name and secret, if both match. */
  Optional<Account> authenticate(String name, String secret) {
    Account account = accounts.get(name);
    if (account == null) {
      encoder.matches(secret, dummyHash);
      return Optional.empty();
    }
    return encoder.matches(secret, account.secretHash()) ? Optional.of(account) : Optional.empty();
  }

  /** Whether anyone may pull from the repository. */
  boolean isAnonymouslyPullable(String repository) {
    return anonymousPull.stream().anyMatch(p -> p.matcher(repository).matches());
  }

  /** The part of a requested scope the account (null: anonymous) may have. */
  Scope grant(Account account, Scope requested) {
    Set<String> allowed = new LinkedHashSet<>();
    if (requested.type().equals("registry") && requested.name().equals("catalog")) {
      if (account != null && account.catalog()) {
        allowed.add("*");
      }
    } else if (requested.type().equals("repository")
        && RegistryPath.isValidName(requested.name())) {
      if (isAnonymouslyPullable(requested.name())) {
        allowed.add(Scope.PULL);
      }
      if (account != null) {
        for (Grant grant : account.access()) {
          if (glob(grant.repository()).matcher(requested.name()).matches()) {
            for (String action : grant.actions()) {
              if (action.equals("*")) {
                allowed.addAll(Scope.ALL);
              } else if (Scope.ALL.contains(action)) {
                allowed.add(action);
              }
            }
          }
        }
      }
    }
    Set<String> granted = new LinkedHashSet<>();
    for (String action : requested.actions()) {
      if (action.equals("*")) {
        granted.addAll(allowed);
      } else if (allowed.contains(action) || allowed.contains("*")) {
        granted.add(action);
      }
    }
    return new Scope(requested.type(), requested.name(), granted);
  }

  private static Pattern glob(String pattern) {
    String[] parts = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }
}
