package dev.unicore.buildtool.cli;

import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.toml.DefinitionException;
import picocli.CommandLine.Parameters;

/** The RECIPE parameter that check, build and run share, and how it is read. */
final class RecipeArgument {
  @Parameters(
      index = "0",
      paramLabel = "RECIPE",
      description =
          "A recipe.toml, an application folder, or an application name in unikernel/apps.")
  String text;

  Recipe read(Workspace workspace) throws UserError, DefinitionException {
    return workspace.recipe(text);
  }
}
