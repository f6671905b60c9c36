package dev.unicore.resolver.toml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed, position-aware reading of one TOML table of a definition file. Every accessor records a
 * {@link DefinitionError} with the line of the offending key instead of throwing, so one pass over
 * a file reports all its mistakes; {@link #throwIfAnyErrors()} ends the pass.
 *
 * <p>Instances share one error list per file: a reader for a nested table ({@link #table}) adds to
 * the same list as its parent.
 */
public final class TomlFields {
  /** Names of libraries, APIs, options and applications: lowercase words joined by hyphens. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Architecture names, which by convention use underscores: {@code x86_64}. */
  public static final Pattern ARCHITECTURE = Pattern.compile("[a-z][a-z0-9_]*");

  private final Path file;
  private final TomlTable table;
  private final String tablePath;
  private final int tableLine;
  private final List<DefinitionError> errors;

  private TomlFields(
      Path file, TomlTable table, String tablePath, int tableLine, List<DefinitionError> errors) {
    this.file = file;
    this.table = table;
    this.tablePath = tablePath;
    this.tableLine = tableLine;
    this.errors = errors;
  }

  /**
   * Parses a file and returns a reader of its top-level table.
   *
   * @throws DefinitionException when the file cannot be read or is not valid TOML; carries every
   *     syntax error with its line and column
   */
  public static TomlFields parse(Path file) throws DefinitionException {
    TomlParseResult result;
    try {
      result = Toml.parse(file);
    } catch (IOException e) {
      throw new DefinitionException(
          List.of(new DefinitionError(file, 0, 0, "cannot read the file: " + e.getMessage())));
    }
    return checked(result, file);
  }

  /**
   * Parses TOML text that did not come from a file (an API request); errors name {@code file}.
   *
   * @throws DefinitionException with every syntax error
   */
  public static TomlFields parse(String text, Path file) throws DefinitionException {
    return checked(Toml.parse(text), file);
  }

  private static TomlFields checked(TomlParseResult result, Path file) throws DefinitionException {
    if (result.hasErrors()) {
      List<DefinitionError> syntaxErrors = new ArrayList<>();
      result
          .errors()
          .forEach(
              error -> {
                TomlPosition position = error.position();
                syntaxErrors.add(
                    new DefinitionError(
                        file,
                        position == null ? 0 : position.line(),
                        position == null ? 0 : position.column(),
                        "invalid TOML: " + error.getMessage()));
              });
      throw new DefinitionException(syntaxErrors);
    }
    return new TomlFields(file, result, "", 0, new ArrayList<>());
  }

  public Path file() {
    return file;
  }

  /** Adds an error located at {@code key} of this table (or at the table when key is null). */
  public void error(String key, String message) {
    TomlPosition position = key == null ? null : table.inputPositionOf(List.of(key));
    errors.add(
        new DefinitionError(
            file,
            position == null ? tableLine : position.line(),
            position == null ? 0 : position.column(),
            message));
  }

  /** The line of {@code key} in this table, or 0 when it is absent. */
  public int lineOf(String key) {
    TomlPosition position = table.inputPositionOf(List.of(key));
    return position == null ? 0 : position.line();
  }

  /** The keys of this table, in file order. */
  public Set<String> keys() {
    return table.keySet();
  }

  public boolean has(String key) {
    return table.contains(List.of(key));
  }

  /** Reports every key of this table that is not in {@code allowed}: usually a typo. */
  public void rejectUnknownKeys(Set<String> allowed) {
    for (String key : table.keySet()) {
      if (!allowed.contains(key)) {
        error(
            key,
            "unknown key `"
                + qualified(key)
                + "`; expected one of: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  public Optional<String> string(String key, boolean required) {
    Object value = value(key, required);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String text) {
      return Optional.of(text);
    }
    typeError(key, "a string", value);
    return Optional.empty();
  }

  public Optional<Boolean> bool(String key, boolean required) {
    Object value = value(key, required);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Boolean flag) {
      return Optional.of(flag);
    }
    typeError(key, "true or false", value);
    return Optional.empty();
  }

  /** A string that must be a {@link #NAME}: lowercase letters, digits and single hyphens. */
  public Optional<String> name(String key, boolean required) {
    Optional<String> text = string(key, required);
    if (text.isPresent() && !NAME.matcher(text.get()).matches()) {
      error(
          key,
          "`"
              + qualified(key)
              + "` must be lowercase letters, digits and single hyphens, starting with a letter;"
              + " got \""
              + text.get()
              + "\"");
      return Optional.empty();
    }
    return text;
  }

  /** An array of strings; a missing optional key is the empty list. */
  public List<String> strings(String key, boolean required) {
    Object value = value(key, required);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof TomlArray array)) {
      typeError(key, "an array of strings", value);
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (int index = 0; index < array.size(); index++) {
      Object item = array.get(index);
      if (item instanceof String text) {
        items.add(text);
      } else {
        error(
            key,
            "`"
                + qualified(key)
                + "` must be an array of strings; item "
                + (index + 1)
                + " is "
                + describe(item));
        return List.of();
      }
    }
    return List.copyOf(items);
  }

  /** Like {@link #strings} but every item must be a {@link #NAME}, without duplicates. */
  public List<String> names(String key, boolean required) {
    return names(key, required, NAME);
  }

  /** Like {@link #strings} but every item must match {@code form}, without duplicates. */
  public List<String> names(String key, boolean required, Pattern form) {
    List<String> items = strings(key, required);
    List<String> valid = new ArrayList<>();
    for (String item : items) {
      if (!form.matcher(item).matches()) {
        error(key, "`" + qualified(key) + "` has an invalid name \"" + item + "\"");
      } else if (valid.contains(item)) {
        error(key, "`" + qualified(key) + "` names \"" + item + "\" twice");
      } else {
        valid.add(item);
      }
    }
    return List.copyOf(valid);
  }

  /**
   * The raw value of a key as TOML gave it: String, Long, Double, Boolean, or another TOML type.
   * Used for values whose type depends on something else, such as option values.
   */
  public Object value(String key, boolean required) {
    Object value = table.get(List.of(key));
    if (value == null && required) {
      errors.add(
          new DefinitionError(
              file, tableLine, 0, "missing required key `" + qualified(key) + "`" + inTable()));
    }
    return value;
  }

  /** A reader of the sub-table at {@code key}, or empty when the key is absent or not a table. */
  public Optional<TomlFields> table(String key, boolean required) {
    Object value = value(key, required);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof TomlTable subTable) {
      return Optional.of(new TomlFields(file, subTable, qualified(key), lineOf(key), errors));
    }
    typeError(key, "a table", value);
    return Optional.empty();
  }

  /** Readers of every sub-table of the table at {@code key}, in file order, by key. */
  public Map<String, TomlFields> tables(String key) {
    Map<String, TomlFields> result = new LinkedHashMap<>();
    table(key, false)
        .ifPresent(
            parent -> {
              for (String child : parent.table.keySet()) {
                parent.table(child, true).ifPresent(reader -> result.put(child, reader));
              }
            });
    return result;
  }

  /** How many errors this file has so far; lets a caller tell whether a step added any. */
  public int errorCount() {
    return errors.size();
  }

  /** Ends a pass over the file: throws with every error recorded so far, if there are any. */
  public void throwIfAnyErrors() throws DefinitionException {
    if (!errors.isEmpty()) {
      List<DefinitionError> sorted = new ArrayList<>(errors);
      sorted.sort(
          (left, right) ->
              left.line() != right.line()
                  ? Integer.compare(left.line(), right.line())
                  : Integer.compare(left.column(), right.column()));
      throw new DefinitionException(sorted);
    }
  }

  /** Words for the TOML type of a value, for error messages. */
  public static String describe(Object value) {
    if (value instanceof String text) {
      return "the string \"" + text + "\"";
    }
    if (value instanceof Long || value instanceof Integer) {
      return "the integer " + value;
    }
    if (value instanceof Double) {
      return "the float " + value;
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    if (value instanceof TomlArray) {
      return "an array";
    }
    if (value instanceof TomlTable) {
      return "a table";
    }
    return "a " + value.getClass().getSimpleName();
  }

  private void typeError(String key, String expected, Object value) {
    error(key, "`" + qualified(key) + "` must be " + expected + ", not " + describe(value));
  }

  private String qualified(String key) {
    return tablePath.isEmpty() ? key : tablePath + "." + key;
  }

  private String inTable() {
    return tablePath.isEmpty() ? "" : " in table [" + tablePath + "]";
  }
}
