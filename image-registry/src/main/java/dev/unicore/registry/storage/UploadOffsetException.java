package dev.unicore.registry.storage;

import java.io.IOException;

/** Thrown for a chunk that does not start where the upload session ends. */
public class UploadOffsetException extends IOException {
  private static final long serialVersionUID = 1L;

  public UploadOffsetException(String message) {
    super(message);
  }
}
