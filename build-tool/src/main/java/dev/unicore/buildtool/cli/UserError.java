package dev.unicore.buildtool.cli;

/**
 * A mistake the user can fix: the tool prints the message and the fix on one line each and exits
 * with a non-zero status, without a stack trace.
 */
final class UserError extends Exception {
  private static final long serialVersionUID = 1L;

  private final String fix;

  UserError(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  String fix() {
    return fix;
  }
}
