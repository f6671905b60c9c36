package dev.unicore.registry.distribution;

/** The error codes of the OCI Distribution Spec, each with the spec's message. */
public enum ErrorCode {
  BLOB_UNKNOWN("blob unknown to registry"),
  BLOB_UPLOAD_INVALID("blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN("blob upload unknown to registry"),
  DIGEST_INVALID("provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN("manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID("manifest invalid"),
  MANIFEST_UNKNOWN("manifest unknown to registry"),
  NAME_INVALID("invalid repository name"),
  NAME_UNKNOWN("repository name not known to registry"),
  SIZE_INVALID("provided length did not match content length"),
  UNAUTHORIZED("authentication required"),
  DENIED("requested access to the resource is denied"),
  UNSUPPORTED("the operation is unsupported"),
  TOOMANYREQUESTS("too many requests");

  private final String message;

  ErrorCode(String message) {
    this.message = message;
  }

  /** The spec's message for the code. */
  public String message() {
    return message;
  }
}
