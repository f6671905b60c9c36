package dev.unicore.builderworker.image;

/** The registry refused a request or could not be reached; the message says which and why. */
public class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public RegistryException(String message, int status) {
    super(message);
    this.status = status;
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status, 0 when there was no answer. */
  public int status() {
    return status;
  }
}
