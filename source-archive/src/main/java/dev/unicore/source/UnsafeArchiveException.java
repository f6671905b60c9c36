package dev.unicore.source;

import java.util.List;

/** An archive refused as a whole, with one line per reason (each naming its entry). */
public final class UnsafeArchiveException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public UnsafeArchiveException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
