package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linuxu tier under UndefinedBehaviorSanitizer: every in-kernel test passes with the whole
 * image instrumented (selftest-ubsan), and the minimal runtime does catch undefined behaviour,
 * naming its kind and source location and stopping with status 126 (ubsan-check).
 */
class UndefinedBehaviorIT {
  @TempDir static Path output;

  @Test
  void everyInKernelTestPassesUnderTheSanitizer() {
    CommandRun run =
        CommandRun.of(
            "run", "selftest-ubsan", "-o", output.toString(), "--target", "linuxu/x86_64");

    assertThat(run.out()).as(run.toString()).doesNotContain("CRASH");
    InKernelTests.assertAllPassed(run, 45);
  }

  @Test
  void aSignedOverflowIsReportedWithItsLocationAndStatus126() {
    CommandRun run =
        CommandRun.of("run", "ubsan-check", "-o", output.toString(), "--target", "linuxu/x86_64");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(126);
    assertThat(run.out())
        .as(run.toString())
        .containsPattern(
            "CRASH: undefined behaviour: signed integer overflow in addition at"
                + " \\S*apps/ubsan-check/src/main\\.c:\\d+:\\d+\n")
        .doesNotContain("sum=")
        .contains("UNICORE:EXIT status=126");
  }
}
