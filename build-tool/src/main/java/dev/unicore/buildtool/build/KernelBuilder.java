package dev.unicore.buildtool.build;

import dev.unicore.resolver.BuildPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Builds one resolved target through the core's make interface: writes the configuration, asks make
 * whether anything is out of date ({@code make -q}), and runs the build only when something is.
 * Relies on nothing but the contract in {@code unikernel/README.md}.
 *
 * <p>Every make command line goes through a {@linkplain #KernelBuilder(Path, int, UnaryOperator)
 * command wrapper} before it is started, so a caller can run make in a sandbox of its own (the
 * builder worker prefixes it with namespaces, another user, resource limits and a clean
 * environment) while this class stays the one place that knows how to drive make. The configuration
 * files are written by the calling process, before make starts.
 *
 * <p>Instances are immutable and may build several targets at once from different threads, each
 * into its own output folder.
 */
public final class KernelBuilder {
  private static final int LOG_TAIL_LINES = 40;

  private final Path unikernelRoot;
  private final int jobs;
  private final UnaryOperator<List<String>> makeCommand;

  /**
   * Runs make directly.
   *
   * @param unikernelRoot the {@code unikernel/} folder holding the Makefile
   * @param jobs how many compiler processes make may run at once for one target
   */
  public KernelBuilder(Path unikernelRoot, int jobs) {
    this(unikernelRoot, jobs, UnaryOperator.identity());
  }

  /**
   * Runs make through {@code makeCommand}.
   *
   * @param unikernelRoot the {@code unikernel/} folder holding the Makefile
   * @param jobs how many compiler processes make may run at once for one target
   * @param makeCommand receives each make command line (an unmodifiable list starting with {@code
   *     make}, every path in it absolute) and returns the command to start instead, for example the
   *     same list behind a prefix such as {@code setpriv … unshare … env -i PATH=…}. Whatever it
   *     returns must run that make command line with its arguments unchanged and exit with make's
   *     status; standard output and standard error are the build log. Called on the building
   *     thread, once per make run (an up-to-date check with {@code -q}, then the build).
   */
  public KernelBuilder(Path unikernelRoot, int jobs, UnaryOperator<List<String>> makeCommand) {
    this.unikernelRoot = unikernelRoot.toAbsolutePath().normalize();
    this.jobs = Math.max(1, jobs);
    this.makeCommand = Objects.requireNonNull(makeCommand, "makeCommand");
  }

  /**
   * Builds {@code plan} into {@code outputDirectory}.
   *
   * @param log receives every line make prints, as it prints it
   * @throws BuildFailedException when make fails or does not produce the kernel
   */
  public BuildResult build(BuildPlan plan, Path outputDirectory, Consumer<String> log)
      throws BuildFailedException {
    long started = System.nanoTime();
    BuildConfiguration configuration = new BuildConfiguration(plan, outputDirectory);
    configuration.write();
    List<String> makeArguments =
        List.of(
            "make",
            "--no-print-directory",
            "-C",
            unikernelRoot.toString(),
            "O=" + outputDirectory.toAbsolutePath().normalize(),
            "CONFIG=" + configuration.makeFragment());

    boolean upToDate =
        Files.isRegularFile(configuration.kernel())
            && run(plan, concat(makeArguments, "-q"), line -> {}).exitCode() == 0;
    if (!upToDate) {
      MakeOutcome outcome = run(plan, concat(makeArguments, "-j" + jobs), log);
      if (outcome.exitCode() != 0) {
        throw new BuildFailedException(
            plan.target(), "make failed with exit status " + outcome.exitCode(), outcome.tail());
      }
    }
    try {
      long size = Files.size(configuration.kernel());
      return new BuildResult(
          plan.target(),
          configuration.kernel(),
          size,
          Duration.ofNanos(System.nanoTime() - started),
          upToDate);
    } catch (IOException e) {
      throw new BuildFailedException(
          plan.target(), "make succeeded but produced no " + configuration.kernel(), List.of());
    }
  }

  private record MakeOutcome(int exitCode, List<String> tail) {}

  private MakeOutcome run(BuildPlan plan, List<String> command, Consumer<String> log)
      throws BuildFailedException {
    Deque<String> tail = new ArrayDeque<>();
    try {
      ProcessBuilder builder =
          new ProcessBuilder(List.copyOf(makeCommand.apply(List.copyOf(command))))
              .redirectErrorStream(true);
      Process process = builder.start();
      process.getOutputStream().close();
      try (BufferedReader output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = output.readLine()) != null) {
          log.accept(line);
          tail.addLast(line);
          if (tail.size() > LOG_TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
      return new MakeOutcome(process.waitFor(), new ArrayList<>(tail));
    } catch (IOException e) {
      throw new BuildFailedException(
          plan.target(), "cannot run make (" + e.getMessage() + "); is it installed?", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildFailedException(plan.target(), "interrupted", new ArrayList<>(tail));
    }
  }

  private static List<String> concat(List<String> command, String argument) {
    List<String> all = new ArrayList<>(command);
    all.add(argument);
    return all;
  }
}
