package dev.unicore.registry.storage;

import java.io.IOException;

/** Thrown for uploaded bytes that do not have the digest the client named. */
public class DigestMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public DigestMismatchException(String message) {
    super(message);
  }
}
