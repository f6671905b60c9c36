package dev.unicore.resolver.toml;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when one or more definition files cannot be read as a whole: syntax errors, missing or
 * ill-typed fields, values outside what the format allows. It carries every error found, not only
 * the first, so a user fixes a file in one pass.
 */
public class DefinitionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<DefinitionError> errors;

  public DefinitionException(List<DefinitionError> errors) {
    super(errors.stream().map(DefinitionError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a DefinitionException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public List<DefinitionError> errors() {
    return errors;
  }
}
