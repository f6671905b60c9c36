package dev.unicore.buildtool.cli;

import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.Target;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --target} option shared by the commands that work on some of a recipe's targets. */
final class TargetSelection {
  @Option(
      names = {"-t", "--target"},
      paramLabel = "PLATFORM/ARCH",
      description =
          "A target to work on, e.g. qemu/x86_64; repeatable. Default: the recipe's targets.")
  List<String> requested = new ArrayList<>();

  /** The requested targets, or all of the recipe's when none was requested. */
  List<Target> of(Recipe recipe) throws UserError {
    if (requested.isEmpty()) {
      return recipe.targets();
    }
    List<Target> targets = new ArrayList<>();
    for (String text : requested) {
      Target target = parse(text);
      if (!targets.contains(target)) {
        targets.add(target);
      }
    }
    return targets;
  }

  static Target parse(String text) throws UserError {
    return Target.parse(text)
        .orElseThrow(
            () ->
                new UserError(
                    "\"" + text + "\" is not a target",
                    "write targets as platform/architecture, e.g. qemu/x86_64"));
  }
}
