package dev.unicore.buildtool.cli;

import dev.unicore.resolver.recipe.Recipe;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --output option of build and run: where the per-target build folders go. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Folder for the per-target build folders. Default: <application>/build.")
  Path requested;

  /** The folder that holds one subfolder per target. */
  Path root(Recipe recipe) {
    return (requested != null ? requested : recipe.applicationDirectory().resolve("build"))
        .toAbsolutePath()
        .normalize();
  }
}
