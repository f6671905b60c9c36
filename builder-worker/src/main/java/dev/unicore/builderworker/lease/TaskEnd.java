package dev.unicore.builderworker.lease;

/**
 * How a task ended on this worker.
 *
 * @param outcome what the worker does about it
 * @param cause why it failed ({@link Cause#NONE} otherwise)
 * @param reason the failure reason reported to the control plane
 * @param imageDigest the pushed manifest's digest when it succeeded
 * @param kernelSizeBytes the kernel's size when it succeeded
 */
record TaskEnd(
    Outcome outcome, Cause cause, String reason, String imageDigest, long kernelSizeBytes) {
  /** What happened to the task. */
  enum Outcome {
    /** Reported as succeeded. */
    SUCCEEDED,
    /** Reported as failed. */
    FAILED,
    /** The build was cancelled; nothing is reported (the task is already cancelled). */
    CANCELLED,
    /** The lease was lost (expired, taken over); nothing is reported. */
    LEASE_LOST,
    /** The worker is shutting down and gave the task back by letting its lease expire. */
    HANDED_BACK
  }

  /** Failure causes, the label of the failures metric. */
  enum Cause {
    NONE("none"),
    BAD_LEASE("bad-lease"),
    SOURCE("source"),
    PLAN("plan"),
    COMPILE("compile"),
    BOOT("boot"),
    TIME_LIMIT("time-limit"),
    PUSH("push"),
    INTERNAL("internal");

    private final String label;

    Cause(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  static TaskEnd succeeded(String imageDigest, long kernelSizeBytes) {
    return new TaskEnd(Outcome.SUCCEEDED, Cause.NONE, "", imageDigest, kernelSizeBytes);
  }

  static TaskEnd failed(Cause cause, String reason) {
    return new TaskEnd(Outcome.FAILED, cause, reason, null, 0);
  }

  static TaskEnd of(Outcome outcome) {
    return new TaskEnd(outcome, Cause.NONE, "", null, 0);
  }
}
