package dev.unicore.resolver.recipe;

import java.util.Objects;

/**
 * An option value a recipe sets, as TOML typed it ({@link Boolean}, {@link Long}, {@link String},
 * or another TOML type the resolver will reject), with the line it is on.
 */
public record OptionSetting(Object value, int line) {
  public OptionSetting {
    Objects.requireNonNull(value);
  }
}
