package dev.unicore.resolver;

import java.util.Objects;

/**
 * Why a recipe does not resolve on a target, and what to change so it does.
 *
 * @param kind the kind of problem, stable for programs
 * @param message what is wrong, naming the libraries, APIs and options involved
 * @param fix what the user can change to resolve it
 */
public record Problem(ProblemKind kind, String message, String fix) {
  public Problem {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(message);
    Objects.requireNonNull(fix);
  }

  @Override
  public String toString() {
    return message + "; fix: " + fix;
  }
}
