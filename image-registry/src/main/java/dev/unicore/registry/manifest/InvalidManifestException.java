package dev.unicore.registry.manifest;

/** Thrown for a manifest the registry does not accept, with the reason. */
public class InvalidManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidManifestException(String message) {
    super(message);
  }
}
