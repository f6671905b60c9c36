package dev.unicore.resolver.recipe;

import dev.unicore.resolver.toml.DefinitionException;
import dev.unicore.resolver.toml.TomlFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code recipe.toml}. It checks the form only (types, names, target syntax); whether the
 * named libraries exist and the options fit them is the resolver's question, answered per target.
 */
public final class RecipeParser {
  private static final Set<String> RECIPE_KEYS =
      Set.of("targets", "command-line", "application", "libraries");
  private static final Set<String> APPLICATION_KEYS = Set.of("name", "requires", "with-tests");

  private RecipeParser() {}

  /**
   * Parses the recipe at {@code file}; the application's folder is the file's parent.
   *
   * @throws DefinitionException with every problem found, each with file and line
   */
  public static Recipe parse(Path file) throws DefinitionException {
    TomlFields fields = TomlFields.parse(file);
    fields.rejectUnknownKeys(RECIPE_KEYS);

    List<Target> targets = new ArrayList<>();
    List<String> targetTexts = fields.strings("targets", true);
    for (String text : targetTexts) {
      Optional<Target> target = Target.parse(text);
      if (target.isEmpty()) {
        fields.error("targets", "target \"" + text + "\" is not of the form platform/architecture");
      } else if (targets.contains(target.get())) {
        fields.error("targets", "target \"" + text + "\" is listed twice");
      } else {
        targets.add(target.get());
      }
    }
    if (targetTexts.isEmpty() && fields.has("targets")) {
      fields.error("targets", "`targets` must name at least one platform/architecture");
    }
    String commandLine = fields.string("command-line", false).orElse("");

    Optional<TomlFields> application = fields.table("application", true);
    Optional<String> name = Optional.empty();
    List<String> requires = List.of();
    boolean withTests = false;
    if (application.isPresent()) {
      application.get().rejectUnknownKeys(APPLICATION_KEYS);
      name = application.get().name("name", true);
      requires = application.get().names("requires", false);
      withTests = application.get().bool("with-tests", false).orElse(false);
    }

    List<LibraryChoice> libraries = new ArrayList<>();
    Optional<TomlFields> librariesTable = fields.table("libraries", false);
    fields
        .tables("libraries")
        .forEach(
            (libraryName, optionFields) -> {
              TomlFields parent = librariesTable.orElseThrow();
              if (!TomlFields.NAME.matcher(libraryName).matches()) {
                parent.error(libraryName, "\"" + libraryName + "\" is not a valid library name");
                return;
              }
              Map<String, OptionSetting> options = new LinkedHashMap<>();
              for (String option : optionFields.keys()) {
                options.put(
                    option,
                    new OptionSetting(
                        optionFields.value(option, true), optionFields.lineOf(option)));
              }
              libraries.add(new LibraryChoice(libraryName, options, parent.lineOf(libraryName)));
            });

    fields.throwIfAnyErrors();
    return new Recipe(
        file,
        name.orElseThrow(),
        file.toAbsolutePath().getParent(),
        requires,
        libraries,
        targets,
        commandLine,
        withTests);
  }
}
