package dev.unicore.builderworker.engine;

import dev.unicore.buildtool.run.KernelLauncher;
import dev.unicore.buildtool.run.RunOutcome;
import dev.unicore.resolver.recipe.Target;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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
   * Boots {@code kernel} with its default command line.
   *
   * @param log receives every console line, prefixed with {@link #CONSOLE_PREFIX}
   */
  public static Result boot(Target target, Path kernel, Duration timeout, Consumer<String> log) {
    String impossible = cannotBoot(target);
    if (impossible != null) {
      return new Result(Verdict.NOT_BOOTED, impossible, 0, List.of());
    }
    KernelLauncher.Options options =
        new KernelLauncher.Options("pc", "tcg", "16M", timeout, List.of());
    long started = System.nanoTime();
    RunOutcome run;
    try (LineSplitter console = new LineSplitter(line -> log.accept(CONSOLE_PREFIX + line))) {
      run = new KernelLauncher().run(target, kernel, options, console);
    }
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

  /** Cuts the console's bytes into lines as they arrive. */
  private static final class LineSplitter extends OutputStream {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();

    LineSplitter(Consumer<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.accept(current.toString(StandardCharsets.UTF_8));
        current.reset();
      } else {
        current.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      for (int index = offset; index < offset + length; index++) {
        write(bytes[index]);
      }
    }

    @Override
    public synchronized void close() {
      if (current.size() > 0) {
        lines.accept(current.toString(StandardCharsets.UTF_8));
        current.reset();
      }
    }
  }

  /** For callers that log to a stream. */
  static Consumer<String> printer(PrintStream out) {
    return line -> {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    };
  }
}
