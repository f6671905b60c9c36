package dev.unicore.resolver;

import dev.unicore.resolver.recipe.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to configure and build one target of a recipe: the closed library set in
 * initialization order (every library after the libraries it requires), with option values.
 *
 * @param target the platform and architecture
 * @param applicationName the application's name
 * @param applicationDirectory the folder of the application's sources
 * @param commandLine the default command line
 * @param libraries the closed library set, in initialization order
 * @param withTests true to compile the libraries' in-kernel tests as well
 */
public record BuildPlan(
    Target target,
    String applicationName,
    Path applicationDirectory,
    String commandLine,
    List<ResolvedLibrary> libraries,
    boolean withTests) {
  public BuildPlan {
    Objects.requireNonNull(target);
    Objects.requireNonNull(applicationName);
    Objects.requireNonNull(applicationDirectory);
    Objects.requireNonNull(commandLine);
    libraries = List.copyOf(libraries);
  }
}
