package dev.unicore.controlplane.problems;

import java.util.List;

/**
 * A failure the API reports as a problem document: its type, a detail sentence saying what to fix,
 * and, when there are several, the individual problems.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final transient List<ProblemItem> problems;

  public ApiException(ProblemType type, String detail) {
    this(type, detail, List.of());
  }

  public ApiException(ProblemType type, String detail, List<ProblemItem> problems) {
    super(detail);
    this.type = type;
    this.problems = List.copyOf(problems);
  }

  public static ApiException notFound(String what) {
    return new ApiException(ProblemType.NOT_FOUND, what + " does not exist");
  }

  public ProblemType type() {
    return type;
  }

  public List<ProblemItem> problems() {
    return problems;
  }
}
