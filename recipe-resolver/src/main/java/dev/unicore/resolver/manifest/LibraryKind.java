package dev.unicore.resolver.manifest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a μ-lib comes from, as in chapter 4 of the API design: written for Unicore ({@code
 * internal}), existing software brought in ({@code external}), or the support of one virtualization
 * platform ({@code platform}), which a target selects implicitly.
 */
public enum LibraryKind {
  INTERNAL,
  EXTERNAL,
  PLATFORM;

  public String tomlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LibraryKind> fromTomlName(String name) {
    return Arrays.stream(values()).filter(k -> k.tomlName().equals(name)).findFirst();
  }
}
