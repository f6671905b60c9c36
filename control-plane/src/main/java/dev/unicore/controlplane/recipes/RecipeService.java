package dev.unicore.controlplane.recipes;

import dev.unicore.controlplane.catalog.CatalogService;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemItem;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.controlplane.sources.SourceService;
import dev.unicore.resolver.Resolver;
import dev.unicore.resolver.TargetResolution;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.toml.TomlFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored, versioned recipes. Every create and update is validated with the resolver against the
 * current catalog and rejected whole (422, nothing stored) when a target does not resolve; a
 * version, once stored, never changes. Reads resolve the stored version against the catalog as it
 * is now, so a reader sees today's plan.
 *
 * <p>Transactions: one per public method; an update locks its recipe row, so two concurrent updates
 * make two consecutive versions rather than one failing.
 */
@Service
public class RecipeService {
  private final RecipeRepository recipes;
  private final RecipeVersionRepository versions;
  private final CatalogService catalog;
  private final RecipesProperties properties;
  private final SourceService sources;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();

  RecipeService(
      RecipeRepository recipes,
      RecipeVersionRepository versions,
      CatalogService catalog,
      RecipesProperties properties,
      SourceService sources,
      JsonMapper json) {
    this.recipes = recipes;
    this.versions = versions;
    this.catalog = catalog;
    this.properties = properties;
    this.sources = sources;
    this.json = json;
  }

  @Transactional
  public StoredRecipe create(String name, RecipeDraft draft) {
    if (name == null || !TomlFields.NAME.matcher(name).matches()) {
      throw new ApiException(
          ProblemType.MALFORMED_REQUEST,
          "`name` must be lowercase letters, digits and single hyphens, starting with a letter");
    }
    if (recipes.findByName(name).isPresent()) {
      throw new ApiException(
          ProblemType.CONFLICT,
          "recipe " + name + " exists; update it with PUT /api/v1/recipes/" + name);
    }
    List<TargetResolution> targets = resolveOrReject(draft);
    Instant now = clock.instant();
    RecipeEntity recipe = recipes.save(new RecipeEntity(name, now));
    versions.save(new RecipeVersionEntity(recipe, 1, json.writeValueAsString(draft), now));
    return new StoredRecipe(name, 1, draft, now, targets);
  }

  @Transactional
  public StoredRecipe update(String name, RecipeDraft draft) {
    RecipeEntity recipe =
        recipes
            .findByNameForUpdate(name)
            .orElseThrow(() -> ApiException.notFound("recipe " + name));
    List<TargetResolution> targets = resolveOrReject(draft);
    int next = versions.findFirstByRecipeOrderByVersionDesc(recipe).orElseThrow().version() + 1;
    Instant now = clock.instant();
    versions.save(new RecipeVersionEntity(recipe, next, json.writeValueAsString(draft), now));
    return new StoredRecipe(name, next, draft, now, targets);
  }

  @Transactional(readOnly = true)
  public StoredRecipe newest(String name) {
    return stored(
        versions
            .findFirstByRecipeOrderByVersionDesc(recipe(name))
            .orElseThrow(() -> ApiException.notFound("recipe " + name)));
  }

  @Transactional(readOnly = true)
  public StoredRecipe version(String name, int version) {
    return stored(
        versions
            .findByRecipeAndVersion(recipe(name), version)
            .orElseThrow(() -> ApiException.notFound("version " + version + " of recipe " + name)));
  }

  @Transactional(readOnly = true)
  public List<StoredRecipe> list() {
    return recipes.findAllByOrderByNameAsc().stream()
        .map(recipe -> stored(versions.findFirstByRecipeOrderByVersionDesc(recipe).orElseThrow()))
        .toList();
  }

  private RecipeEntity recipe(String name) {
    return recipes.findByName(name).orElseThrow(() -> ApiException.notFound("recipe " + name));
  }

  private StoredRecipe stored(RecipeVersionEntity entity) {
    RecipeDraft draft = json.readValue(entity.spec(), RecipeDraft.class);
    Recipe recipe = draft.toRecipe(applicationDirectory(draft.application()));
    List<TargetResolution> targets =
        new Resolver(catalog.currentCatalog()).resolve(recipe).targets();
    return new StoredRecipe(
        entity.recipe().name(), entity.version(), draft, entity.createdAt(), targets);
  }

  private List<TargetResolution> resolveOrReject(RecipeDraft draft) {
    Recipe recipe = draft.toRecipe(applicationDirectory(draft.application()));
    List<ProblemItem> problems = new ArrayList<>();
    if (draft.source() != null) {
      sources
          .find(draft.source())
          .ifPresentOrElse(
              source -> {
                if (!source.hasApplication()) {
                  problems.add(
                      new ProblemItem(
                          "NO_APPLICATION_IN_SOURCE",
                          null,
                          "the uploaded source " + draft.source() + " holds no src/*.c",
                          "upload an archive of the application folder: src/*.c at its root"));
                }
              },
              () ->
                  problems.add(
                      new ProblemItem(
                          "UNKNOWN_SOURCE",
                          null,
                          "no uploaded source " + draft.source(),
                          "upload the application's tar.gz with POST /api/v1/sources and name"
                              + " the digest it answers")));
    } else if (!Files.isDirectory(recipe.applicationDirectory().resolve("src"))) {
      problems.add(
          new ProblemItem(
              "UNKNOWN_APPLICATION",
              null,
              "no application `" + draft.application() + "` in " + properties.applicationsRoot(),
              "name one of the example applications of unikernel/apps"));
    }
    List<TargetResolution> targets =
        new Resolver(catalog.currentCatalog()).resolve(recipe).targets();
    problems.addAll(RecipeCheckService.problemsOf(targets));
    if (!problems.isEmpty()) {
      throw new ApiException(
          ProblemType.UNRESOLVABLE_RECIPE,
          "the recipe cannot be built as it is; nothing was stored; see `problems`",
          problems);
    }
    return targets;
  }

  private Path applicationDirectory(String application) {
    return properties.applicationsRoot().resolve(application == null ? "" : application);
  }
}
