package dev.unicore.resolver;

import dev.unicore.resolver.recipe.Target;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer for one target: a build plan when there are no problems, otherwise every problem;
 * notes explain choices the resolver made on the recipe's behalf (default providers).
 */
public record TargetResolution(
    Target target, Optional<BuildPlan> plan, List<Problem> problems, List<String> notes) {
  public TargetResolution {
    Objects.requireNonNull(target);
    Objects.requireNonNull(plan);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
    if (plan.isPresent() != problems.isEmpty()) {
      throw new IllegalArgumentException("a resolution has a plan exactly when it has no problems");
    }
  }

  public boolean resolved() {
    return plan.isPresent();
  }
}
