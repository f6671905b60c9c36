package dev.unicore.agent.local.image;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent reaches the registry.
 *
 * @param url the registry's root, for example {@code http://127.0.0.1:5000}
 * @param username the pull account for the registry's token endpoint; null to pull anonymously
 * @param password see username
 * @param requestTimeout how long one request may take
 * @param maxBlobBytes the largest manifest or blob the agent downloads; anything larger is refused
 */
public record RegistrySettings(
    URI url, String username, String password, Duration requestTimeout, long maxBlobBytes) {
  public RegistrySettings {
    Objects.requireNonNull(url);
    Objects.requireNonNull(requestTimeout);
  }

  boolean hasCredentials() {
    return username != null && !username.isEmpty();
  }
}
