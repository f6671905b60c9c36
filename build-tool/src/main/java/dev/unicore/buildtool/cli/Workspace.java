package dev.unicore.buildtool.cli;

import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.RecipeParser;
import dev.unicore.resolver.toml.DefinitionException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository the tool works in: where the unikernel tree is, how a recipe argument is found.
 * The launcher passes the repository root as the system property {@code unicore.home}; without it
 * the tool looks upward from the working directory.
 */
final class Workspace {
  static final String HOME_PROPERTY = "unicore.home";

  private final Path home;

  Workspace(Path home) {
    this.home = home.toAbsolutePath().normalize();
  }

  /** The workspace of this process, from {@code unicore.home} or the working directory. */
  static Workspace current() throws UserError {
    String property = System.getProperty(HOME_PROPERTY);
    if (property != null && !property.isBlank()) {
      return new Workspace(Path.of(property));
    }
    for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
      if (Files.isDirectory(folder.resolve("unikernel"))
          && Files.isRegularFile(folder.resolve("pom.xml"))) {
        return new Workspace(folder);
      }
    }
    throw new UserError(
        "cannot find the Unicore repository above " + Path.of("").toAbsolutePath(),
        "run the tool through the ./unicore launcher, or from inside the repository");
  }

  Path home() {
    return home;
  }

  Path unikernelRoot() {
    return home.resolve("unikernel");
  }

  Catalog catalog() throws DefinitionException {
    return CatalogLoader.load(unikernelRoot());
  }

  /**
   * Finds a recipe from what a user typed: a {@code recipe.toml}, an application folder holding
   * one, or the name of an application in {@code unikernel/apps}.
   */
  Path recipeFile(String argument) throws UserError {
    Path given = Path.of(argument);
    if (Files.isRegularFile(given)) {
      return given.toAbsolutePath().normalize();
    }
    if (Files.isRegularFile(given.resolve("recipe.toml"))) {
      return given.resolve("recipe.toml").toAbsolutePath().normalize();
    }
    Path byName = unikernelRoot().resolve("apps").resolve(argument).resolve("recipe.toml");
    if (!argument.contains("/") && Files.isRegularFile(byName)) {
      return byName;
    }
    throw new UserError(
        "no recipe at \"" + argument + "\"",
        "give a recipe.toml, an application folder holding one, or the name of an application in "
            + unikernelRoot().resolve("apps"));
  }

  Recipe recipe(String argument) throws UserError, DefinitionException {
    return RecipeParser.parse(recipeFile(argument));
  }
}
