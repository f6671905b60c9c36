package dev.unicore.agent.local.runtime;

import java.util.Locale;

/** When an instance that ended is started again: the deployment's {@code restartPolicy}. */
public enum RestartPolicy {
  /** Every time, whatever its status, with back-off. */
  ALWAYS,
  /** When it ended with a non-zero status or no status at all, up to a bounded number of times. */
  ON_FAILURE,
  /** Never: a non-zero status is a failure, status 0 a clean stop. */
  NEVER;

  /** Parses the protocol's name ({@code always}, {@code on-failure}, {@code never}). */
  public static RestartPolicy parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "always" -> ALWAYS;
      case "on-failure" -> ON_FAILURE;
      case "never" -> NEVER;
      default ->
          throw new IllegalArgumentException(
              "unknown restart policy `" + value + "`; use always, on-failure or never");
    };
  }
}
