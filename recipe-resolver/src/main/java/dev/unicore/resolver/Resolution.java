package dev.unicore.resolver;

import dev.unicore.resolver.recipe.Recipe;
import java.util.List;

/** The answer for a whole recipe: one {@link TargetResolution} per requested target, in order. */
public record Resolution(Recipe recipe, List<TargetResolution> targets) {
  public Resolution {
    targets = List.copyOf(targets);
  }

  /** True when every requested target resolved. */
  public boolean resolved() {
    return targets.stream().allMatch(TargetResolution::resolved);
  }
}
