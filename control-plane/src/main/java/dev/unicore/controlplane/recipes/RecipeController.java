package dev.unicore.controlplane.recipes;

import dev.unicore.controlplane.api.RecipesApi;
import dev.unicore.controlplane.api.model.LibraryChoice;
import dev.unicore.controlplane.api.model.Recipe;
import dev.unicore.controlplane.api.model.RecipeCheck;
import dev.unicore.controlplane.api.model.RecipeRequest;
import dev.unicore.controlplane.api.model.RecipeSpec;
import dev.unicore.controlplane.api.model.TargetPlan;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.resolver.TargetResolution;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The recipe routes of the contract: checks and stored, versioned recipes. */
@RestController
class RecipeController implements RecipesApi {
  private final RecipeCheckService checks;
  private final RecipeService recipes;

  RecipeController(RecipeCheckService checks, RecipeService recipes) {
    this.checks = checks;
    this.recipes = recipes;
  }

  @Override
  public ResponseEntity<RecipeCheck> checkRecipe(RecipeSpec spec) {
    RecipeDraft draft =
        new RecipeDraft(
            spec.getApplication(),
            spec.getRequires(),
            choices(spec.getLibraries()),
            spec.getTargets(),
            spec.getCommandLine(),
            null);
    // A check needs no sources: the application folder is only named.
    List<TargetResolution> targets =
        checks.check(draft.toRecipe(Path.of("/", String.valueOf(spec.getApplication()))));
    return ResponseEntity.ok(new RecipeCheck(plans(targets)));
  }

  @Override
  public ResponseEntity<Recipe> createRecipe(RecipeRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(toModel(recipes.create(request.getName(), draft(request))));
  }

  @Override
  public ResponseEntity<Recipe> updateRecipe(String name, RecipeRequest request) {
    if (request.getName() != null && !request.getName().equals(name)) {
      throw new ApiException(
          ProblemType.MALFORMED_REQUEST,
          "`name` is " + request.getName() + " but the path names " + name + "; they must match");
    }
    return ResponseEntity.ok(toModel(recipes.update(name, draft(request))));
  }

  @Override
  public ResponseEntity<Recipe> getRecipe(String name) {
    return ResponseEntity.ok(toModel(recipes.newest(name)));
  }

  @Override
  public ResponseEntity<Recipe> getRecipeVersion(String name, Integer version) {
    return ResponseEntity.ok(toModel(recipes.version(name, version)));
  }

  @Override
  public ResponseEntity<List<Recipe>> listRecipes() {
    return ResponseEntity.ok(recipes.list().stream().map(RecipeController::toModel).toList());
  }

  private static RecipeDraft draft(RecipeRequest request) {
    return new RecipeDraft(
        request.getApplication(),
        request.getRequires(),
        choices(request.getLibraries()),
        request.getTargets(),
        request.getCommandLine(),
        request.getSource());
  }

  private static List<RecipeDraft.Choice> choices(List<LibraryChoice> libraries) {
    List<RecipeDraft.Choice> choices = new ArrayList<>();
    for (LibraryChoice library : libraries) {
      choices.add(new RecipeDraft.Choice(library.getName(), library.getOptions()));
    }
    return choices;
  }

  private static Recipe toModel(StoredRecipe stored) {
    RecipeDraft draft = stored.draft();
    List<LibraryChoice> libraries =
        draft.libraries().stream()
            .map(
                choice -> {
                  LibraryChoice model = new LibraryChoice(choice.name());
                  model.setOptions(
                      choice.options() == null
                          ? new LinkedHashMap<>()
                          : new LinkedHashMap<>(choice.options()));
                  return model;
                })
            .toList();
    Recipe recipe =
        new Recipe(
            stored.name(),
            stored.version(),
            draft.application(),
            draft.requires(),
            libraries,
            draft.targets(),
            draft.commandLine(),
            stored.createdAt().atOffset(ZoneOffset.UTC),
            plans(stored.targets()));
    recipe.setSource(draft.source());
    return recipe;
  }

  private static List<TargetPlan> plans(List<TargetResolution> targets) {
    return targets.stream().map(PlanModels::toModel).toList();
  }
}
