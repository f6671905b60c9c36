package dev.unicore.resolver.manifest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The types a library option may have, and the Java type its values take. */
public enum OptionType {
  /** {@link Boolean} values. */
  BOOL,
  /** {@link Long} values, optionally within [min, max]. */
  INT,
  /** {@link String} values. */
  STRING,
  /** One {@link String} out of a fixed list. */
  CHOICE;

  public String tomlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OptionType> fromTomlName(String name) {
    return Arrays.stream(values()).filter(t -> t.tomlName().equals(name)).findFirst();
  }
}
