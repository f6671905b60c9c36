package dev.unicore.resolver;

import java.util.Objects;

/**
 * Why a library is part of a build: the explanation {@code unicore check} prints.
 *
 * @param kind how it was selected
 * @param requiredBy the library or application whose requirement brought it in, or null when the
 *     recipe or the target selected it
 * @param requirement the API or library name that was required, or null likewise
 */
public record SelectionReason(Kind kind, String requiredBy, String requirement) {
  /** How a library came to be selected. */
  public enum Kind {
    /** The target's platform library. */
    PLATFORM,
    /** Named in the recipe. */
    CHOSEN,
    /** Required by name by another library or the application. */
    REQUIRED,
    /** The default (or only) provider of a required API that the recipe left open. */
    DEFAULT_PROVIDER
  }

  public SelectionReason {
    Objects.requireNonNull(kind);
  }

  public static SelectionReason platform() {
    return new SelectionReason(Kind.PLATFORM, null, null);
  }

  public static SelectionReason chosen() {
    return new SelectionReason(Kind.CHOSEN, null, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case PLATFORM -> "platform of the target";
      case CHOSEN -> "chosen in the recipe";
      case REQUIRED -> "required by " + requiredBy;
      case DEFAULT_PROVIDER -> "provides API `" + requirement + "` required by " + requiredBy;
    };
  }
}
