package dev.unicore.registry.storage;

import java.io.IOException;

/** Thrown for a request body over the configured limit. */
public class TooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public TooLargeException(String message) {
    super(message);
  }
}
