package dev.unicore.builderworker.image;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where images go and the push credential.
 *
 * @param url the registry's root, for example {@code http://127.0.0.1:5000}
 * @param repositoryPrefix images go to {@code <prefix>/<recipe>}
 * @param username the push account; empty for a registry without authentication
 * @param password its password or robot secret
 */
@Validated
@ConfigurationProperties("unicore.worker.registry")
public record RegistryProperties(
    @NotNull URI url,
    @DefaultValue("unicore") @NotBlank String repositoryPrefix,
    @DefaultValue("") String username,
    @DefaultValue("") String password) {

  @Override
  public String toString() {
    return "RegistryProperties[url="
        + url
        + ", repositoryPrefix="
        + repositoryPrefix
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "" : "***")
        + "]";
  }
}
