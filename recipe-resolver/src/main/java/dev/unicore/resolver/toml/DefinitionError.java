package dev.unicore.resolver.toml;

import java.nio.file.Path;

/**
 * One thing wrong with a definition file (a {@code library.toml} or a {@code recipe.toml}): where
 * it is and what is wrong, in words a user can act on.
 *
 * @param file the file, as the user named it
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong and, where it helps, what would be right
 */
public record DefinitionError(Path file, int line, int column, String message) {

  /** {@code file:line:column: message}, the form compilers use, so editors can jump to it. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file.toString());
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    return text.append(": ").append(message).toString();
  }
}
