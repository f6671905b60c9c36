package dev.unicore.buildtool.cli;

import dev.unicore.resolver.Resolution;
import dev.unicore.resolver.Resolver;
import dev.unicore.resolver.recipe.Recipe;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code unicore check}: resolves a recipe and explains the answer, target by target. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Resolve a recipe and explain it per target: the library set in initialization order, why"
          + " each library is there, option values, and every problem with its fix.",
      "Exits with 0 when every target resolves, 1 otherwise."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RecipeArgument recipeArgument;

  @Mixin TargetSelection targets;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = Workspace.current();
    Recipe recipe = recipeArgument.read(workspace);
    Resolution resolution = new Resolver(workspace.catalog()).resolve(recipe, targets.of(recipe));
    PrintWriter out = spec.commandLine().getOut();
    out.println(recipe.applicationName() + " (" + recipe.file() + ")");
    ResolutionReport.printDetailed(out, resolution.targets());
    out.flush();
    return resolution.resolved() ? 0 : UnicoreCommand.EXIT_INPUT_PROBLEM;
  }
}
