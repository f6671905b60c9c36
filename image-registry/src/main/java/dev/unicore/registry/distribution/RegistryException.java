package dev.unicore.registry.distribution;

/** A failure to answer with the OCI error envelope: HTTP status, spec code and detail. */
class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final ErrorCode code;
  private final transient Object detail;

  RegistryException(int status, ErrorCode code, Object detail) {
    super(code + ": " + detail);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  int status() {
    return status;
  }

  ErrorCode code() {
    return code;
  }

  Object detail() {
    return detail;
  }
}
