package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Threads, on both platforms and with both schedulers: the in-kernel tests of the threads library
 * and of each scheduler, then the threads-check application: 1,000 threads alive at once and
 * joined, a counter incremented under a mutex by 8 threads, 1,000,000 items through a condition
 * variable in order, sleeps and timed waits that never return early, the scheduler's policy
 * (sched-coop: a thread runs until it yields; sched-preempt: two threads that never yield get
 * 40-60% of the CPU each), a stack overflow in a thread reported with its name and status 123, and
 * main returning while threads block, sleep and spin. A plain POSIX threaded program
 * (pthreads-example) runs unchanged on the pthreads library.
 */
class ThreadsIT {
  private static final String COOP = "threads-check";
  private static final String PREEMPT = preemptRecipe();

  @TempDir static Path output;

  static Stream<Arguments> targetsAndSchedulers() {
    List<Arguments> cases = new ArrayList<>();
    for (String target : List.of("qemu/x86_64", "linuxu/x86_64")) {
      cases.add(Arguments.of(target, "sched-coop"));
      cases.add(Arguments.of(target, "sched-preempt"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndSchedulers")
  void everyInKernelThreadsTestPasses(String target, String scheduler) {
    String application =
        scheduler.equals("sched-coop") ? "selftest-threads" : "selftest-threads-preempt";
    CommandRun run =
        CommandRun.of(
            "run",
            application,
            "-o",
            output.resolve(application).toString(),
            "--target",
            target,
            "--timeout",
            "300");

    InKernelTests.assertAllPassed(run, 50);
    String policyCase =
        scheduler.equals("sched-coop")
            ? "ok   sched_coop.a_thread_runs_until_it_yields"
            : "ok   sched_preempt.two_spinning_threads_share_the_cpu";
    assertThat(run.outLines()).as(run.toString()).contains(policyCase);
    assertThat(run.outLines())
        .as(run.toString())
        .contains("ok   threads.create_join_returns_the_result");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndSchedulers")
  void theAcceptanceChecksPass(String target, String scheduler) {
    CommandRun run = check(target, scheduler, "all");

    List<String> lines = run.outLines();
    assertThat(lines).as(run.toString()).contains("threads-check: scheduler " + scheduler);
    assertThat(lines)
        .as(run.toString())
        .anyMatch(line -> line.startsWith("check create-join: ok created 1000, alive at once 1001"))
        .anyMatch(line -> line.startsWith("check mutex-counter: ok counter 160000"))
        .anyMatch(
            line -> line.startsWith("check producer-consumer: ok 1000000 items, 0 out of order"))
        .anyMatch(line -> line.startsWith("check sleep: ok 0 early"))
        .anyMatch(
            line ->
                line.startsWith(
                    scheduler.equals("sched-coop")
                        ? "check policy run-until-yield: ok"
                        : "check policy fair-share: ok"))
        .noneMatch(line -> line.contains("FAILED"))
        .contains("threads-check: 0 failed", "UNICORE:EXIT status=0");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndSchedulers")
  void aPlainPosixThreadedProgramRunsUnchanged(String target, String scheduler) {
    String recipe =
        scheduler.equals("sched-coop")
            ? "pthreads-example"
            : PREEMPT.replace("threads-check", "pthreads-example");
    CommandRun run =
        CommandRun.of(
            "run",
            recipe,
            "-o",
            output.resolve("pthreads-" + scheduler).toString(),
            "--target",
            target,
            "--timeout",
            "300",
            "--",
            "100000");

    assertThat(run.outLines())
        .as(run.toString())
        .contains(
            "reporter: awake after at least 2 ms",
            "primes below 100000: 9592 (4 workers, once ran 1 time)",
            "UNICORE:EXIT status=0");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndSchedulers")
  void aStackOverflowInAThreadIsReportedWithItsName(String target, String scheduler) {
    CommandRun run = check(target, scheduler, "overflow");

    assertThat(run.outLines())
        .as(run.toString())
        .anyMatch(
            line ->
                line.matches(
                    "CRASH: stack overflow: the deep-recursion stack overflowed into its guard"
                        + " page at 0x[0-9a-f]+"))
        .contains("backtrace:", "UNICORE:EXIT status=123")
        .noneMatch(line -> line.contains("overflow was not stopped"));
    assertThat(run.out()).as(run.toString()).containsPattern("\n  #0 0x[0-9a-f]+ recurse\\+");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(123);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndSchedulers")
  void mainReturningStopsEveryThread(String target, String scheduler) {
    CommandRun run = check(target, scheduler, "shutdown");

    assertThat(run.outLines())
        .as(run.toString())
        .contains("check shutdown: main returns 7 with 4 threads alive", "UNICORE:EXIT status=7");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
  }

  /** The sched-preempt recipe beside threads-check's recipe.toml, found from the working folder. */
  private static String preemptRecipe() {
    for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
      Path recipe = folder.resolve("unikernel/apps/threads-check/preempt.toml");
      if (Files.isRegularFile(recipe)) {
        return recipe.toString();
      }
    }
    throw new IllegalStateException("unikernel/apps/threads-check/preempt.toml not found");
  }

  private static CommandRun check(String target, String scheduler, String what) {
    String recipe = scheduler.equals("sched-coop") ? COOP : PREEMPT;
    return CommandRun.of(
        "run",
        recipe,
        "-o",
        output.resolve(scheduler).toString(),
        "--target",
        target,
        "--timeout",
        "300",
        "--",
        what);
  }
}
