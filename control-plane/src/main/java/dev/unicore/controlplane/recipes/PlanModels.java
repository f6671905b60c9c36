package dev.unicore.controlplane.recipes;

import dev.unicore.controlplane.api.model.PlannedLibrary;
import dev.unicore.controlplane.api.model.TargetPlan;
import dev.unicore.resolver.ResolvedLibrary;
import dev.unicore.resolver.TargetResolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The API form of a target's resolution, shared by the recipe and build routes. */
public final class PlanModels {
  private PlanModels() {}

  /**
   * A target's plan; a target that does not resolve (the catalog changed since the recipe was
   * stored) has no libraries and its problems as notes.
   */
  public static TargetPlan toModel(TargetResolution target) {
    List<String> notes = new ArrayList<>(target.notes());
    target.problems().forEach(problem -> notes.add("problem: " + problem));
    return new TargetPlan(
        target.target().toString(),
        target
            .plan()
            .map(plan -> plan.libraries().stream().map(PlanModels::toModel).toList())
            .orElse(List.of()),
        notes);
  }

  private static PlannedLibrary toModel(ResolvedLibrary library) {
    return new PlannedLibrary(
        library.name(),
        library.manifest().version(),
        library.reason().toString(),
        new LinkedHashMap<>(library.options()));
  }
}
