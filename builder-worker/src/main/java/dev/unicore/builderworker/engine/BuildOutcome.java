package dev.unicore.builderworker.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a build ended, as the engine reports it to the worker.
 *
 * @param status what happened
 * @param reason why it failed, in a sentence; empty when it succeeded
 * @param kernel the worker's copy of the kernel built, or null when there is none
 * @param kernelSizeBytes its size, 0 when there is none
 * @param compileMillis wall time of configuration and make
 * @param bootMillis wall time of the smoke boot, 0 when there was none
 * @param boot the smoke boot's verdict
 * @param bootNote what the smoke boot saw (the exit status, why it was not booted)
 */
public record BuildOutcome(
    Status status,
    String reason,
    Path kernel,
    long kernelSizeBytes,
    long compileMillis,
    long bootMillis,
    SmokeBoot.Verdict boot,
    String bootNote) {

  /** What the engine did with the job. */
  public enum Status {
    /** The kernel was built and, where it could be run, booted to its start marker. */
    BUILT,
    /** The plan does not match this worker's catalog. */
    PLAN_REJECTED,
    /** make failed, or produced no kernel. */
    BUILD_FAILED,
    /** The kernel was built but did not pass its smoke boot. */
    BOOT_FAILED
  }

  public BuildOutcome {
    Objects.requireNonNull(status);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(boot);
    Objects.requireNonNull(bootNote);
  }

  static BuildOutcome failed(Status status, String reason, long compileMillis) {
    return new BuildOutcome(
        status, reason, null, 0, compileMillis, 0, SmokeBoot.Verdict.NOT_BOOTED, "");
  }
}
