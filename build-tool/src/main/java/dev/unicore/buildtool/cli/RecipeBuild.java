package dev.unicore.buildtool.cli;

import dev.unicore.buildtool.build.BuildFailedException;
import dev.unicore.buildtool.build.KernelBuilder;
import dev.unicore.buildtool.build.ParallelBuild;
import dev.unicore.buildtool.setup.SystemPackages;
import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.Resolution;
import dev.unicore.resolver.Resolver;
import dev.unicore.resolver.TargetResolution;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.Target;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Resolve, then build: the steps {@code build} and {@code run} share. Nothing is written unless
 * every requested target resolves, so a bad recipe never leaves a half-configured output folder.
 */
final class RecipeBuild {
  private final Workspace workspace;
  private final PrintWriter err;

  RecipeBuild(Workspace workspace, PrintWriter err) {
    this.workspace = workspace;
    this.err = err;
  }

  /**
   * Resolves every target and builds them all in parallel.
   *
   * @throws UserError when a target does not resolve (after printing its problems)
   */
  List<ParallelBuild.Outcome> build(
      Recipe recipe, List<Target> targets, Path outputRoot, int jobs, boolean verbose)
      throws UserError, DefinitionException {
    Resolution resolution = new Resolver(workspace.catalog()).resolve(recipe, targets);
    if (!resolution.resolved()) {
      ResolutionReport.printProblems(err, resolution.targets());
      err.flush();
      throw new UserError(
          "the recipe does not resolve for every requested target; nothing was built",
          "apply the fixes above, or leave out the failing targets with --target");
    }
    ensureTools(SystemPackages.BUILD);
    List<BuildPlan> plans =
        resolution.targets().stream()
            .map(TargetResolution::plan)
            .map(p -> p.orElseThrow())
            .toList();
    KernelBuilder builder = new KernelBuilder(workspace.unikernelRoot(), jobs);
    return ParallelBuild.buildAll(
        builder,
        plans,
        target -> outputRoot.resolve(target.folderName()),
        (target, line) -> {
          if (verbose) {
            synchronized (err) {
              err.println("[" + target + "] " + line);
              err.flush();
            }
          }
        });
  }

  /**
   * Makes sure the system commands exist, installing their Debian packages when this process may
   * (as root, or through password-less sudo).
   */
  void ensureTools(Map<String, String> packagesByCommand) throws UserError {
    try {
      if (new SystemPackages(packagesByCommand, err).ensureInstalled(true)) {
        return;
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot install system packages: " + e.getMessage(), "install them by hand");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new UserError(
        "required system commands are missing: " + String.join(", ", packagesByCommand.keySet()),
        "install the packages named above");
  }

  /** Prints why a target failed to build: the reason and the end of its build log. */
  static void printFailure(PrintWriter err, BuildFailedException failure) {
    err.println(failure.getMessage());
    for (String line : failure.logTail()) {
      err.println("  | " + line);
    }
  }
}
