package dev.unicore.builderworker.engine;

import dev.unicore.buildtool.run.ConsoleMarkers;
import dev.unicore.buildtool.run.KernelLauncher;
import dev.unicore.resolver.recipe.Target;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Boots a freshly built kernel once with the build tool's launcher and judges it by the console
 * contract of {@code unikernel/README.md}: the image passes when the core printed {@code
 * UNICORE:START} and did not stop with a status reserved for the core's crash reports (120-127). An
 * application that is still running at the time limit passes too (a server does not exit); one that
 * never reached the start marker fails. Targets this machine cannot run are {@link
 * Verdict#NOT_BOOTED}, never passed.
 */
public final class SmokeBoot {
  /** Console lines kept for a failure report. */
  public static final int CONSOLE_TAIL_LINES = 20;

  /** Prefix of the console lines in the build log. */
  public static final String CONSOLE_PREFIX = "console | ";

  private static final int CORE_STATUS_FIRST = 120;
  private static final int CORE_STATUS_LAST = 127;

  /** The smoke boot's verdict. */
  public enum Verdict {
    PASSED,
    FAILED,
    NOT_BOOTED
  }

  /** The verdict, what was seen, and the console's last lines. */
  public record Result(Verdict verdict, String note, long millis, List<String> consoleTail) {}

  private SmokeBoot() {}

  /** Why this machine cannot boot {@code target}, or null when it can. */
  public static String cannotBoot(Target target) {
    boolean x86Host = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    if (!target.architecture().equals("x86_64") || !x86Host) {
      return "this machine cannot run " + target.architecture() + " code";
    }
    return switch (target.platform()) {
      case "linuxu" -> null;
      case "qemu" ->
          onPath("qemu-system-x86_64") ? null : "qemu-system-x86_64 is not installed here";
      default -> "no runner for platform `" + target.platform() + "` on this machine";
    };
  }

  /**
   * Boots {@code kernel} with its default command line: the build tool's launch command ({@link
   * KernelLauncher#command}) run through {@code sandbox}.
   *
   * @param log receives every console line, prefixed with {@link #CONSOLE_PREFIX}
   */
  public static Result boot(
      Target target,
      Path kernel,
      Duration timeout,
      UnaryOperator<List<String>> sandbox,
      Consumer<String> log) {
    String impossible = cannotBoot(target);
    if (impossible != null) {
      return new Result(Verdict.NOT_BOOTED, impossible, 0, List.of());
    }
    KernelLauncher.Options options =
        new KernelLauncher.Options("pc", "tcg", "16M", timeout, List.of());
    long started = System.nanoTime();
    Run run =
        run(
            target,
            sandbox.apply(KernelLauncher.command(target, kernel, options)),
            timeout,
            line -> log.accept(CONSOLE_PREFIX + line));
    long millis = (System.nanoTime() - started) / 1_000_000;
    List<String> lines = run.consoleLines();
    List<String> tail = lines.subList(Math.max(0, lines.size() - CONSOLE_TAIL_LINES), lines.size());
    String seconds = String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0);
    if (!run.started()) {
      String why =
          run.timedOut()
              ? "did not reach UNICORE:START within " + seconds
              : "stopped before UNICORE:START"
                  + run.applicationStatus().stream()
                      .mapToObj(status -> " with status " + status)
                      .findFirst()
                      .orElse(" (process exit code " + run.processExitCode() + ")");
      return new Result(Verdict.FAILED, why, millis, tail);
    }
    if (run.applicationStatus().isPresent()) {
      int status = run.applicationStatus().getAsInt();
      if (status >= CORE_STATUS_FIRST && status <= CORE_STATUS_LAST) {
        return new Result(
            Verdict.FAILED,
            "crashed after UNICORE:START: the core stopped it with status "
                + status
                + " (see the crash report in the console tail)",
            millis,
            tail);
      }
      return new Result(
          Verdict.PASSED, "reached UNICORE:START, exited with status " + status, millis, tail);
    }
    if (run.timedOut()) {
      return new Result(
          Verdict.PASSED,
          "reached UNICORE:START and was still running when stopped after " + seconds,
          millis,
          tail);
    }
    return new Result(
        Verdict.FAILED,
        "reached UNICORE:START but stopped without an exit status (process exit code "
            + run.processExitCode()
            + ")",
        millis,
        tail);
  }

  /** What one boot showed. */
  private record Run(
      boolean started,
      OptionalInt applicationStatus,
      int processExitCode,
      boolean timedOut,
      List<String> consoleLines) {}

  /**
   * Runs the boot command, passes the console on line by line and watches it for the markers of
   * {@link ConsoleMarkers}; stops it at {@code timeout}. The status comes from the exit marker, or
   * else from the exit code as {@link KernelLauncher} reads it (QEMU's isa-debug-exit: {@code
   * (status << 1) | 1}; linuxu: the process's exit code). The sandbox passes the exit code of the
   * command it wraps through.
   */
  private static Run run(
      Target target, List<String> command, Duration timeout, Consumer<String> console) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      return new Run(false, OptionalInt.empty(), -1, false, List.of("cannot start: " + e));
    }
    List<String> lines = new ArrayList<>();
    boolean[] started = {false};
    OptionalInt[] status = {OptionalInt.empty()};
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader output =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                  console.accept(line);
                  synchronized (lines) {
                    lines.add(line);
                    started[0] |= ConsoleMarkers.isStart(line);
                    OptionalInt exit = ConsoleMarkers.exitStatus(line);
                    if (exit.isPresent()) {
                      status[0] = exit;
                    }
                  }
                }
              } catch (IOException e) {
                // The process went away; what was read is the console.
              }
            },
            "smoke-boot-console");
    reader.start();
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    int exitCode = process.isAlive() ? -1 : process.exitValue();
    synchronized (lines) {
      OptionalInt applicationStatus = status[0];
      if (applicationStatus.isEmpty() && !timedOut) {
        if (target.platform().equals("linuxu")) {
          applicationStatus = OptionalInt.of(exitCode);
        } else if ((exitCode & 1) == 1) {
          applicationStatus = OptionalInt.of(exitCode >> 1);
        }
      }
      return new Run(started[0], applicationStatus, exitCode, timedOut, List.copyOf(lines));
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, command))) {
        return true;
      }
    }
    return false;
  }
}
