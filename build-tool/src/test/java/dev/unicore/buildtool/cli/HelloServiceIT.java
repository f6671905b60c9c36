package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The long-running example that `unicore up` deploys: it greets, serves (a line per interval,
 * asleep in between) and stops when told to; a bad option is status 2.
 */
class HelloServiceIT {
  @TempDir static Path output;

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void itServesUntilToldToStop(String target) {
    CommandRun run = boot(target, "--interval=1", "--exit-after=2");

    assertThat(run.outLines())
        .as(run.toString())
        .containsSubsequence(
            "Hello from Unicore!",
            "hello-service: serving, a line every 1 s",
            "hello-service: up 1 s",
            "hello-service: up 2 s",
            "UNICORE:EXIT status=0");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void aBadOptionIsStatus2(String target) {
    CommandRun run = boot(target, "--interval=soon");

    assertThat(run.outLines())
        .as(run.toString())
        .contains("hello-service: bad option --interval=soon");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
  }

  private static CommandRun boot(String target, String... arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "run",
                "hello-service",
                "-o",
                output.toString(),
                "--target",
                target,
                "--timeout",
                "60",
                "--"));
    command.addAll(List.of(arguments));
    return CommandRun.of(command.toArray(String[]::new));
  }
}
