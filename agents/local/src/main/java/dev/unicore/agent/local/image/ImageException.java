package dev.unicore.agent.local.image;

/**
 * An image the agent could not turn into a kernel, with the reason in words an operator can act on.
 * {@link #refused()} tells a permanent refusal (the bytes are wrong: retrying cannot help) from a
 * failure that may pass (registry unreachable, credentials rejected, blob missing).
 */
public final class ImageException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean refused;

  private ImageException(String message, boolean refused, Throwable cause) {
    super(message, cause);
    this.refused = refused;
  }

  /** The image's content is wrong: it will never run. */
  public static ImageException refused(String message) {
    return new ImageException(message, true, null);
  }

  /** The image cannot be had now; a later attempt may succeed. */
  public static ImageException unavailable(String message, Throwable cause) {
    return new ImageException(message, false, cause);
  }

  public boolean refused() {
    return refused;
  }
}
