package dev.unicore.resolver.manifest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The eight API categories of the UNICORE API design; every μ-lib belongs to exactly one. */
public enum Category {
  CONSOLE,
  TIME,
  MEMORY,
  PROCESS,
  THREADS,
  STORAGE,
  NETWORK,
  MISC;

  /** The spelling used in {@code library.toml}. */
  public String tomlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Category> fromTomlName(String name) {
    return Arrays.stream(values()).filter(c -> c.tomlName().equals(name)).findFirst();
  }
}
