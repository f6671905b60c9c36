package dev.unicore.registry.storage;

import java.io.IOException;

/** Thrown for an upload session that does not exist for the repository. */
public class UploadUnknownException extends IOException {
  private static final long serialVersionUID = 1L;

  public UploadUnknownException(String message) {
    super(message);
  }
}
