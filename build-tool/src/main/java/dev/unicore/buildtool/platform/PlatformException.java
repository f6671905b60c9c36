package dev.unicore.buildtool.platform;

/** The local platform could not start or keep running; the message says which part and why. */
public final class PlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlatformException(String message) {
    super(message);
  }
}
