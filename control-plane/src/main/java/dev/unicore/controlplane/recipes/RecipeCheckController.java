package dev.unicore.controlplane.recipes;

import dev.unicore.controlplane.api.RecipesApi;
import dev.unicore.controlplane.api.model.LibraryChoice;
import dev.unicore.controlplane.api.model.PlannedLibrary;
import dev.unicore.controlplane.api.model.RecipeCheck;
import dev.unicore.controlplane.api.model.RecipeSpec;
import dev.unicore.controlplane.api.model.TargetPlan;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.ResolvedLibrary;
import dev.unicore.resolver.TargetResolution;
import dev.unicore.resolver.recipe.OptionSetting;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.Target;
import dev.unicore.resolver.toml.TomlFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recipe-check route: turns the JSON recipe into the resolver's {@link Recipe} (checking its
 * form the way the TOML parser does) and the resolution into plans.
 */
@RestController
class RecipeCheckController implements RecipesApi {
  private final RecipeCheckService recipes;

  RecipeCheckController(RecipeCheckService recipes) {
    this.recipes = recipes;
  }

  @Override
  public ResponseEntity<RecipeCheck> checkRecipe(RecipeSpec spec) {
    List<TargetPlan> plans = new ArrayList<>();
    for (TargetResolution target : recipes.check(toRecipe(spec))) {
      BuildPlan plan = target.plan().orElseThrow();
      plans.add(
          new TargetPlan(
              target.target().toString(),
              plan.libraries().stream().map(RecipeCheckController::toModel).toList(),
              target.notes()));
    }
    return ResponseEntity.ok(new RecipeCheck(plans));
  }

  private static PlannedLibrary toModel(ResolvedLibrary library) {
    return new PlannedLibrary(
        library.name(),
        library.manifest().version(),
        library.reason().toString(),
        new LinkedHashMap<>(library.options()));
  }

  private static Recipe toRecipe(RecipeSpec spec) {
    List<String> wrong = new ArrayList<>();
    if (!TomlFields.NAME.matcher(spec.getApplication()).matches()) {
      wrong.add("`application` must be lowercase letters, digits and single hyphens");
    }
    List<Target> targets = new ArrayList<>();
    for (String text : spec.getTargets()) {
      Target.parse(text)
          .ifPresentOrElse(
              targets::add,
              () -> wrong.add("target \"" + text + "\" is not of the form platform/architecture"));
    }
    if (spec.getTargets().isEmpty()) {
      wrong.add("`targets` must name at least one platform/architecture");
    }
    List<dev.unicore.resolver.recipe.LibraryChoice> choices = new ArrayList<>();
    for (LibraryChoice choice : spec.getLibraries()) {
      Map<String, OptionSetting> options = new LinkedHashMap<>();
      choice
          .getOptions()
          .forEach((name, value) -> options.put(name, new OptionSetting(toOptionValue(value), 0)));
      choices.add(new dev.unicore.resolver.recipe.LibraryChoice(choice.getName(), options, 0));
    }
    if (!wrong.isEmpty()) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, String.join("; ", wrong));
    }
    return new Recipe(
        Path.of("recipe.json"),
        spec.getApplication(),
        Path.of("/", spec.getApplication()),
        spec.getRequires(),
        choices,
        targets,
        spec.getCommandLine() == null ? "" : spec.getCommandLine(),
        false);
  }

  /** JSON integers arrive as Integer or Long; the resolver's option values are Long. */
  private static Object toOptionValue(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return value;
  }
}
