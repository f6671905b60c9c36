package dev.unicore.resolver.manifest;

import dev.unicore.resolver.toml.DefinitionException;
import dev.unicore.resolver.toml.TomlFields;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one {@code library.toml}. Everything the format forbids is reported with its line, all at
 * once; a manifest that parses is internally consistent (its option defaults are valid, it is the
 * default provider only of APIs it provides, a platform library supports its own platform).
 * Consistency across manifests is {@link Catalog}'s job.
 */
public final class ManifestParser {
  private static final Set<String> MANIFEST_KEYS =
      Set.of(
          "name",
          "version",
          "category",
          "kind",
          "summary",
          "provides",
          "default-for",
          "requires",
          "conflicts",
          "platforms",
          "architectures",
          "init",
          "options");
  private static final Set<String> OPTION_KEYS =
      Set.of("type", "default", "min", "max", "choices", "help");
  private static final Pattern VERSION =
      Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
  private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ManifestParser() {}

  /**
   * Parses the manifest at {@code file}; the library's folder is the file's parent.
   *
   * @throws DefinitionException with every problem found, each with file and line
   */
  public static LibraryManifest parse(Path file) throws DefinitionException {
    return parse(TomlFields.parse(file), file);
  }

  /**
   * Parses manifest text given without a file (the catalog API); {@code file} is where it stands
   * for: the library's folder is its parent, and errors name it.
   *
   * @throws DefinitionException with every problem found, each with line and column
   */
  public static LibraryManifest parse(String text, Path file) throws DefinitionException {
    return parse(TomlFields.parse(text, file), file);
  }

  private static LibraryManifest parse(TomlFields fields, Path file) throws DefinitionException {
    fields.rejectUnknownKeys(MANIFEST_KEYS);
    Path directory = file.toAbsolutePath().getParent();

    Optional<String> name = fields.name("name", true);
    name.ifPresent(
        value -> {
          String folder = directory.getFileName().toString();
          if (!value.equals(folder)) {
            fields.error(
                "name",
                "library name \""
                    + value
                    + "\" differs from its folder name \""
                    + folder
                    + "\"; rename one so they match");
          }
        });
    Optional<String> version = fields.string("version", true);
    version.ifPresent(
        value -> {
          if (!VERSION.matcher(value).matches()) {
            fields.error(
                "version", "version \"" + value + "\" is not a semantic version like 1.2.3");
          }
        });
    Optional<Category> category =
        fields
            .string("category", true)
            .flatMap(
                value ->
                    checkEnum(
                        fields,
                        "category",
                        value,
                        Category.fromTomlName(value),
                        Arrays.stream(Category.values()).map(Category::tomlName).toList()));
    Optional<LibraryKind> kind =
        fields
            .string("kind", true)
            .flatMap(
                value ->
                    checkEnum(
                        fields,
                        "kind",
                        value,
                        LibraryKind.fromTomlName(value),
                        Arrays.stream(LibraryKind.values()).map(LibraryKind::tomlName).toList()));
    Optional<String> summary = fields.string("summary", true);
    summary.ifPresent(
        value -> {
          if (value.isBlank()) {
            fields.error("summary", "summary must not be empty");
          }
        });

    List<String> provides = fields.names("provides", false);
    List<String> defaultFor = fields.names("default-for", false);
    for (String api : defaultFor) {
      if (!provides.contains(api)) {
        fields.error(
            "default-for",
            "library is declared the default provider of API `"
                + api
                + "` but does not provide it; add it to `provides` or remove it here");
      }
    }
    List<String> requires = fields.names("requires", false);
    List<String> conflicts = fields.names("conflicts", false);
    name.ifPresent(
        self -> {
          if (requires.contains(self)) {
            fields.error("requires", "a library cannot require itself");
          }
          if (conflicts.contains(self)) {
            fields.error("conflicts", "a library cannot conflict with itself");
          }
        });
    for (String api : provides) {
      if (conflicts.contains(api)) {
        fields.error("conflicts", "library conflicts with API `" + api + "` that it provides");
      }
    }
    List<String> platforms = nonEmptyNames(fields, "platforms", TomlFields.NAME);
    List<String> architectures = nonEmptyNames(fields, "architectures", TomlFields.ARCHITECTURE);
    if (kind.orElse(null) == LibraryKind.PLATFORM && name.isPresent()) {
      if (!platforms.equals(List.of(name.get()))) {
        fields.error(
            "platforms",
            "a platform library supports exactly its own platform; set platforms = [\""
                + name.get()
                + "\"]");
      }
    }
    Optional<String> init = fields.string("init", false);
    init.ifPresent(
        value -> {
          if (!C_IDENTIFIER.matcher(value).matches()) {
            fields.error("init", "init must name a C function; \"" + value + "\" is not one");
          }
        });

    Map<String, OptionSpec> options = new LinkedHashMap<>();
    fields
        .tables("options")
        .forEach(
            (optionName, optionFields) ->
                parseOption(fields, optionName, optionFields)
                    .ifPresent(spec -> options.put(optionName, spec)));

    fields.throwIfAnyErrors();
    return new LibraryManifest(
        name.orElseThrow(),
        version.orElseThrow(),
        category.orElseThrow(),
        kind.orElseThrow(),
        summary.orElseThrow(),
        new LinkedHashSet<>(provides),
        new LinkedHashSet<>(defaultFor),
        requires,
        conflicts,
        new LinkedHashSet<>(platforms),
        new LinkedHashSet<>(architectures),
        init,
        options,
        directory);
  }

  private static List<String> nonEmptyNames(TomlFields fields, String key, Pattern form) {
    int errorsBefore = fields.errorCount();
    List<String> names = fields.names(key, true, form);
    if (names.isEmpty() && fields.has(key) && fields.errorCount() == errorsBefore) {
      fields.error(key, "`" + key + "` must name at least one");
    }
    return names;
  }

  private static <E extends Enum<E>> Optional<E> checkEnum(
      TomlFields fields, String key, String value, Optional<E> parsed, List<String> allowed) {
    if (parsed.isEmpty()) {
      fields.error(
          key,
          "unknown " + key + " \"" + value + "\"; expected one of: " + String.join(", ", allowed));
    }
    return parsed;
  }

  private static Optional<OptionSpec> parseOption(
      TomlFields manifest, String optionName, TomlFields fields) {
    int errorsBefore = fields.errorCount();
    if (!TomlFields.NAME.matcher(optionName).matches()) {
      manifest.error(
          "options",
          "option name \""
              + optionName
              + "\" must be lowercase letters, digits and single hyphens");
    }
    fields.rejectUnknownKeys(OPTION_KEYS);
    Optional<OptionType> type =
        fields
            .string("type", true)
            .flatMap(
                value -> {
                  Optional<OptionType> parsed = OptionType.fromTomlName(value);
                  if (parsed.isEmpty()) {
                    fields.error(
                        "type",
                        "unknown option type \""
                            + value
                            + "\"; expected bool, int, string or choice");
                  }
                  return parsed;
                });
    Optional<String> help = fields.string("help", true);
    Object defaultValue = fields.value("default", true);
    Long min = integerBound(fields, "min");
    Long max = integerBound(fields, "max");
    List<String> choices = fields.strings("choices", false);

    if (type.isPresent()) {
      OptionType optionType = type.get();
      if (optionType != OptionType.INT && (fields.has("min") || fields.has("max"))) {
        fields.error(fields.has("min") ? "min" : "max", "min and max apply to int options only");
      }
      if (min != null && max != null && min > max) {
        fields.error("min", "min " + min + " is greater than max " + max);
      }
      if (optionType == OptionType.CHOICE) {
        if (choices.isEmpty()) {
          fields.error("choices", "a choice option needs a non-empty `choices` array");
        } else if (new HashSet<>(choices).size() != choices.size()) {
          fields.error("choices", "`choices` lists a value twice");
        }
      } else if (fields.has("choices")) {
        fields.error("choices", "`choices` applies to choice options only");
      }
    }
    help.ifPresent(
        text -> {
          if (text.isBlank()) {
            fields.error("help", "help must say what the option does");
          }
        });
    if (type.isEmpty() || help.isEmpty() || defaultValue == null) {
      return Optional.empty();
    }
    if (fields.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    OptionSpec spec =
        new OptionSpec(optionName, type.get(), defaultValue, min, max, choices, help.get());
    Optional<String> problem = spec.check(defaultValue);
    if (problem.isPresent()) {
      fields.error("default", "default of option `" + optionName + "`: " + problem.get());
      return Optional.empty();
    }
    return Optional.of(spec);
  }

  private static Long integerBound(TomlFields fields, String key) {
    Object value = fields.value(key, false);
    if (value == null) {
      return null;
    }
    if (value instanceof Long number) {
      return number;
    }
    fields.error(key, "`" + key + "` must be an integer, not " + TomlFields.describe(value));
    return null;
  }
}
