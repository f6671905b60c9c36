package dev.unicore.controlplane.recipes;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.resolver.recipe.LibraryChoice;
import dev.unicore.resolver.recipe.OptionSetting;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.Target;
import dev.unicore.resolver.toml.TomlFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recipe as a client gives it, before the resolver has seen it; also the form in which a recipe
 * version is stored. {@link #toRecipe} checks the form the way the TOML parser does.
 *
 * @param application the application's name (its folder in unikernel/apps)
 * @param requires APIs or libraries the application calls
 * @param libraries chosen libraries, each with option values by name
 * @param targets platform/architecture pairs
 * @param commandLine the default command line
 * @param source the digest of the uploaded archive holding the application, or null for an example
 *     application of unikernel/apps
 */
public record RecipeDraft(
    String application,
    List<String> requires,
    List<Choice> libraries,
    List<String> targets,
    String commandLine,
    String source) {

  /** A chosen library and its option values. */
  public record Choice(String name, Map<String, Object> options) {}

  public RecipeDraft {
    requires = requires == null ? List.of() : List.copyOf(requires);
    libraries = libraries == null ? List.of() : List.copyOf(libraries);
    targets = targets == null ? List.of() : List.copyOf(targets);
    commandLine = commandLine == null ? "" : commandLine;
  }

  /**
   * The resolver's recipe, for an application whose sources are in {@code applicationDirectory}.
   *
   * @throws ApiException (400) naming every form error
   */
  public Recipe toRecipe(Path applicationDirectory) {
    List<String> wrong = new ArrayList<>();
    if (application == null || !TomlFields.NAME.matcher(application).matches()) {
      wrong.add("`application` must be lowercase letters, digits and single hyphens");
    }
    if (source != null && !source.matches("sha256:[0-9a-f]{64}")) {
      wrong.add("`source` must be the digest of an uploaded archive, sha256:<64 hex digits>");
    }
    List<Target> parsedTargets = new ArrayList<>();
    for (String text : targets) {
      Target.parse(text)
          .ifPresentOrElse(
              target -> {
                if (parsedTargets.contains(target)) {
                  wrong.add("target \"" + text + "\" is listed twice");
                } else {
                  parsedTargets.add(target);
                }
              },
              () -> wrong.add("target \"" + text + "\" is not of the form platform/architecture"));
    }
    if (targets.isEmpty()) {
      wrong.add("`targets` must name at least one platform/architecture");
    }
    List<LibraryChoice> choices = new ArrayList<>();
    for (Choice choice : libraries) {
      if (choice.name() == null) {
        wrong.add("every entry of `libraries` needs a `name`");
        continue;
      }
      Map<String, OptionSetting> options = new LinkedHashMap<>();
      if (choice.options() != null) {
        choice
            .options()
            .forEach((name, value) -> options.put(name, new OptionSetting(optionValue(value), 0)));
      }
      choices.add(new LibraryChoice(choice.name(), options, 0));
    }
    if (!wrong.isEmpty()) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, String.join("; ", wrong));
    }
    return new Recipe(
        Path.of("recipe.json"),
        application,
        applicationDirectory,
        requires,
        choices,
        parsedTargets,
        commandLine,
        false);
  }

  /** JSON integers arrive as Integer or Long; the resolver's option values are Long. */
  private static Object optionValue(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return value;
  }
}
