package dev.unicore.registry.distribution;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Predicate;

/**
 * Request attributes the registry's features share: the repository and digest a request concerns
 * (for the request log) and which repositories the caller may pull from (set by authentication,
 * consulted for cross-repository mounts).
 */
public final class RegistryRequest {
  /** The repository the request concerns (a String). */
  public static final String REPOSITORY = RegistryRequest.class.getName() + ".repository";

  /** The digest the request read or wrote (a String). */
  public static final String DIGEST = RegistryRequest.class.getName() + ".digest";

  /** A {@code Predicate<String>} of the repositories the caller may pull from. */
  public static final String PULL_ALLOWED = RegistryRequest.class.getName() + ".pullAllowed";

  private RegistryRequest() {}

  /** Whether the caller may pull from the repository (true when no authentication is in place). */
  @SuppressWarnings("unchecked")
  static boolean mayPull(HttpServletRequest request, String repository) {
    Object check = request.getAttribute(PULL_ALLOWED);
    return check == null || ((Predicate<String>) check).test(repository);
  }
}
