package dev.unicore.buildtool.cli;

import dev.unicore.buildtool.build.BuildResult;
import dev.unicore.buildtool.build.ParallelBuild;
import dev.unicore.resolver.recipe.Recipe;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unicore build}: resolves a recipe and builds a kernel per target, in parallel. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Resolve a recipe and build one kernel per target, all targets in parallel. A second build"
          + " of an unchanged configuration rebuilds nothing.",
      "For each target it prints a summary line, then the path of the kernel as the last line.",
      "Exits with 0 when every target built, 1 otherwise."
    })
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RecipeArgument recipeArgument;

  @Mixin TargetSelection targets;

  @Mixin OutputOption output;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description = "Compiler processes per target. Default: the number of processors.")
  int jobs = Runtime.getRuntime().availableProcessors();

  @Option(
      names = {"-v", "--verbose"},
      description = "Stream every build log line, prefixed with its target.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = Workspace.current();
    Recipe recipe = recipeArgument.read(workspace);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<ParallelBuild.Outcome> outcomes =
        new RecipeBuild(workspace, err)
            .build(recipe, targets.of(recipe), output.root(recipe), jobs, verbose);
    boolean allBuilt = true;
    for (ParallelBuild.Outcome outcome : outcomes) {
      if (outcome.result().isPresent()) {
        BuildResult result = outcome.result().get();
        out.println(summary(result));
        out.println(result.kernel());
      } else {
        allBuilt = false;
        RecipeBuild.printFailure(err, outcome.failure().orElseThrow());
      }
    }
    out.flush();
    err.flush();
    return allBuilt ? 0 : UnicoreCommand.EXIT_INPUT_PROBLEM;
  }

  static String summary(BuildResult result) {
    return String.format(
        Locale.ROOT,
        "%s: %s %s, %,d bytes (%.1f KiB) in %.2f s",
        result.target(),
        result.upToDate() ? "up to date" : "built",
        result.kernel().getFileName(),
        result.sizeBytes(),
        result.sizeBytes() / 1024.0,
        result.duration().toNanos() / 1e9);
  }
}
