package dev.unicore.builderworker.engine;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Properties;

/**
 * How a sandboxed build ended, as the engine reports it to the worker through a file in the task
 * folder (written atomically, so a killed engine leaves either a whole outcome or none).
 *
 * @param status what happened
 * @param reason why it failed, in a sentence; empty when it succeeded
 * @param kernel the kernel built, or null when there is none
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

  public void write(Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("status", status.name());
    properties.setProperty("reason", reason);
    if (kernel != null) {
      properties.setProperty("kernel", kernel.toString());
    }
    properties.setProperty("kernel-size-bytes", Long.toString(kernelSizeBytes));
    properties.setProperty("compile-millis", Long.toString(compileMillis));
    properties.setProperty("boot-millis", Long.toString(bootMillis));
    properties.setProperty("boot", boot.name());
    properties.setProperty("boot-note", bootNote);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      properties.store(writer, "Unicore sandboxed build outcome");
    }
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static BuildOutcome read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    String kernel = properties.getProperty("kernel");
    return new BuildOutcome(
        Status.valueOf(properties.getProperty("status")),
        properties.getProperty("reason", ""),
        kernel == null ? null : Path.of(kernel),
        Long.parseLong(properties.getProperty("kernel-size-bytes", "0")),
        Long.parseLong(properties.getProperty("compile-millis", "0")),
        Long.parseLong(properties.getProperty("boot-millis", "0")),
        SmokeBoot.Verdict.valueOf(properties.getProperty("boot")),
        properties.getProperty("boot-note", ""));
  }
}
