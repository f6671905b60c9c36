package dev.unicore.buildtool.run;

import java.util.List;
import java.util.OptionalInt;

/**
 * How a unikernel run ended.
 *
 * @param started true when the start marker appeared
 * @param applicationStatus the application's exit status, from the exit marker or, failing that,
 *     from the way the VM or process exited; empty when the run ended without one (a crash, a hang
 *     that hit the timeout)
 * @param processExitCode the exit code of the QEMU or Linux process
 * @param timedOut true when the run was stopped at its time limit
 * @param consoleLines the console output, line by line
 */
public record RunOutcome(
    boolean started,
    OptionalInt applicationStatus,
    int processExitCode,
    boolean timedOut,
    List<String> consoleLines) {
  public RunOutcome {
    consoleLines = List.copyOf(consoleLines);
  }
}
