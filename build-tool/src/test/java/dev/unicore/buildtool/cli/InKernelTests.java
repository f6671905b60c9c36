package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks the outcome of a boot of an application built with its libraries' in-kernel tests. */
final class InKernelTests {
  private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed");

  private InKernelTests() {}

  /**
   * Asserts that the run printed the framework's final {@code N passed, N failed} line with no
   * failure and at least {@code minimumPassed} passes, and exited with status 0. A failing case's
   * own report is in the assertion's message.
   */
  static void assertAllPassed(CommandRun run, int minimumPassed) {
    String summary =
        run.outLines().stream()
            .filter(line -> SUMMARY.matcher(line).matches())
            .reduce((first, last) -> last)
            .orElse("");
    Matcher counts = SUMMARY.matcher(summary);
    assertThat(counts.matches()).as("a summary line in\n" + run).isTrue();
    assertThat(Integer.parseInt(counts.group(2))).as(run.toString()).isZero();
    assertThat(Integer.parseInt(counts.group(1)))
        .as(run.toString())
        .isGreaterThanOrEqualTo(minimumPassed);
    assertThat(run.outLines()).as(run.toString()).contains("UNICORE:EXIT status=0");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }
}
