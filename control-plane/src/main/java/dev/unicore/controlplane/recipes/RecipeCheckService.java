package dev.unicore.controlplane.recipes;

import dev.unicore.controlplane.catalog.CatalogService;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemItem;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.resolver.Resolution;
import dev.unicore.resolver.Resolver;
import dev.unicore.resolver.TargetResolution;
import dev.unicore.resolver.recipe.Recipe;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Resolves recipes with the resolver module against the current catalog. A recipe that does not
 * resolve on every target is answered with one problem document listing every problem of every
 * target, each with its fix.
 */
@Service
public class RecipeCheckService {
  private final CatalogService catalog;

  RecipeCheckService(CatalogService catalog) {
    this.catalog = catalog;
  }

  /** The resolution of every target, all resolved; otherwise a 422 problem. */
  public List<TargetResolution> check(Recipe recipe) {
    Resolution resolution = new Resolver(catalog.currentCatalog()).resolve(recipe);
    List<ProblemItem> problems = problemsOf(resolution.targets());
    if (!problems.isEmpty()) {
      throw new ApiException(
          ProblemType.UNRESOLVABLE_RECIPE,
          "the recipe does not resolve on "
              + resolution.targets().stream().filter(t -> !t.resolved()).count()
              + " of "
              + resolution.targets().size()
              + " target(s); see `problems`",
          problems);
    }
    return resolution.targets();
  }

  /** Every problem of every target, as problem-document items naming their target. */
  public static List<ProblemItem> problemsOf(List<TargetResolution> targets) {
    List<ProblemItem> items = new ArrayList<>();
    for (TargetResolution target : targets) {
      target
          .problems()
          .forEach(
              problem ->
                  items.add(
                      new ProblemItem(
                          problem.kind().name(),
                          target.target().toString(),
                          problem.message(),
                          problem.fix())));
    }
    return items;
  }
}
