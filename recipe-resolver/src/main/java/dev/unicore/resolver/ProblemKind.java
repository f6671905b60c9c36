package dev.unicore.resolver;

/** What kind of problem keeps a recipe from resolving on a target. Stable: APIs expose it. */
public enum ProblemKind {
  /** The target's platform has no platform library, or that library lacks the architecture. */
  UNKNOWN_TARGET,
  /** The recipe names a library the catalog does not have. */
  UNKNOWN_LIBRARY,
  /** A required API or library cannot be supplied. */
  UNMET_DEPENDENCY,
  /** Two libraries in the set exclude each other. */
  CONFLICT,
  /** More than one library in the set provides the same API. */
  MULTIPLE_PROVIDERS,
  /** The recipe sets an option the library does not have. */
  UNKNOWN_OPTION,
  /** An option value has the wrong type or is outside its range or choices. */
  INVALID_OPTION_VALUE,
  /** Libraries require each other in a circle, so no initialization order exists. */
  DEPENDENCY_CYCLE,
  /** A library in the set does not support the target's platform or architecture. */
  UNSUPPORTED_TARGET
}
