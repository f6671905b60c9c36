package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-kernel tests of every library, run where they run in production: the selftest application
 * is built with its libraries' tests and booted under QEMU and as a Linux process. A failing
 * in-kernel case fails this test, and the case's own report is in the message.
 */
class CoreTestsIT {
  private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed");

  @TempDir static Path output;

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void everyInKernelTestPasses(String target) {
    CommandRun run =
        CommandRun.of(
            "run", "selftest", "-o", output.toString(), "--target", target, "--timeout", "300");

    List<String> lines = run.outLines();
    String summary =
        lines.stream()
            .filter(line -> SUMMARY.matcher(line).matches())
            .reduce((a, b) -> b)
            .orElse("");
    Matcher counts = SUMMARY.matcher(summary);
    assertThat(counts.matches()).as("a summary line in\n" + run).isTrue();
    assertThat(Integer.parseInt(counts.group(2))).as(run.toString()).isZero();
    assertThat(Integer.parseInt(counts.group(1))).as(run.toString()).isGreaterThanOrEqualTo(10);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(lines).contains("UNICORE:EXIT status=0");
  }
}
