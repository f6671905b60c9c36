package dev.unicore.resolver.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One typed configuration option of a library, as declared in {@code [options.NAME]} of its
 * manifest. Values are {@link Boolean}, {@link Long} or {@link String} according to {@link #type}.
 *
 * @param name the option's name, unique within its library
 * @param type its type
 * @param defaultValue the value used when a recipe sets none; always valid for this spec
 * @param min the smallest allowed value of an int option, or null for no bound
 * @param max the largest allowed value of an int option, or null for no bound
 * @param choices the allowed values of a choice option, empty for other types
 * @param help what the option does, what it costs, when to change it
 */
public record OptionSpec(
    String name,
    OptionType type,
    Object defaultValue,
    Long min,
    Long max,
    List<String> choices,
    String help) {

  public OptionSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(defaultValue);
    choices = List.copyOf(choices);
    Objects.requireNonNull(help);
  }

  /**
   * Checks a value against this option.
   *
   * @return empty when the value is allowed, otherwise what is wrong with it, in words that say
   *     what would be right
   */
  public Optional<String> check(Object value) {
    switch (type) {
      case BOOL:
        return value instanceof Boolean ? Optional.empty() : Optional.of(expected("true or false"));
      case STRING:
        return value instanceof String ? Optional.empty() : Optional.of(expected("a string"));
      case INT:
        if (!(value instanceof Long number)) {
          return Optional.of(expected("an integer" + range()));
        }
        if ((min != null && number < min) || (max != null && number > max)) {
          return Optional.of(number + " is out of range; expected an integer" + range());
        }
        return Optional.empty();
      case CHOICE:
        if (value instanceof String text && choices.contains(text)) {
          return Optional.empty();
        }
        return Optional.of(
            (value instanceof String text ? "\"" + text + "\" is not a choice" : "wrong type")
                + "; expected one of: "
                + String.join(", ", choices));
      default:
        throw new IllegalStateException("unhandled option type " + type);
    }
  }

  /** A description of what values are allowed, e.g. {@code int, 16..4096}. */
  public String describeAllowed() {
    return switch (type) {
      case BOOL -> "bool";
      case STRING -> "string";
      case INT -> "int" + (min == null && max == null ? "" : ", " + bound(min) + ".." + bound(max));
      case CHOICE -> "one of " + String.join(", ", choices);
    };
  }

  private String expected(String what) {
    return "expected " + what;
  }

  private String range() {
    if (min == null && max == null) {
      return "";
    }
    return " in " + bound(min) + ".." + bound(max);
  }

  private static String bound(Long value) {
    return value == null ? "" : value.toString();
  }
}
