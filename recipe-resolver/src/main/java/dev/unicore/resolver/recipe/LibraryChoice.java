package dev.unicore.resolver.recipe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A library a recipe asks for by name, with the option values it sets.
 *
 * @param name the library's name
 * @param options option values by option name, in file order
 * @param line where the choice is in the recipe, for messages
 */
public record LibraryChoice(String name, Map<String, OptionSetting> options, int line) {
  public LibraryChoice {
    Objects.requireNonNull(name);
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }
}
