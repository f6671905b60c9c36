package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core's randomness, seen from outside: the random-check application prints its stack canary
 * and random output, so two boots must differ; a stack buffer overflow must end in the canary's
 * crash report with status 126; and a CPU without RDRAND must make the boot warn loudly.
 */
class RandomCheckIT {
  private static final String TIMEOUT_SECONDS = "120";

  @TempDir static Path output;

  private static CommandRun boot(String target, String... arguments) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "random-check",
                "-o",
                output.toString(),
                "--target",
                target,
                "--timeout",
                TIMEOUT_SECONDS));
    if (arguments.length > 0) {
      command.add("--");
      command.addAll(List.of(arguments));
    }
    return CommandRun.of(command.toArray(String[]::new));
  }

  private static String valueOf(CommandRun run, String key) {
    return run.outLines().stream()
        .filter(line -> line.startsWith(key + "="))
        .map(line -> line.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + "= line in\n" + run));
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void twoBootsHaveDifferentCanariesAndRandomOutputFromAStrongSource(String target) {
    CommandRun first = boot(target);
    CommandRun second = boot(target);

    for (CommandRun run : List.of(first, second)) {
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(valueOf(run, "strong")).as(run.toString()).isEqualTo("yes");
      assertThat(run.out()).as(run.toString()).doesNotContain("WARNING");
      String canary = valueOf(run, "canary");
      assertThat(canary).as("low byte zero, not zero").matches("0x[0-9a-f]{14}00");
      assertThat(canary).isNotEqualTo("0x0000000000000000");
      assertThat(valueOf(run, "random")).matches("[0-9a-f]{64}");
    }
    assertThat(valueOf(second, "canary")).isNotEqualTo(valueOf(first, "canary"));
    assertThat(valueOf(second, "random")).isNotEqualTo(valueOf(first, "random"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void aStackBufferOverflowEndsInTheCanaryReportAndStatus126(String target) {
    CommandRun run = boot(target, "smash");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(126);
    assertThat(run.out())
        .as(run.toString())
        .containsPattern("CRASH: stack smashing detected: .* at ip 0x[0-9a-f]+\n")
        .doesNotContain("went unnoticed")
        .contains("UNICORE:EXIT status=126");
  }

  @Test
  void withoutRdrandTheBootWarnsThatItsRandomnessIsGuessable() throws Exception {
    CommandRun build =
        CommandRun.of("build", "random-check", "-o", output.toString(), "--target", "qemu/x86_64");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    String kernel = build.outLines().get(build.outLines().size() - 1);

    String console =
        runQemu(
            "qemu-system-x86_64",
            "-M",
            "pc",
            "-accel",
            "tcg",
            "-cpu",
            "qemu64,-rdrand",
            "-nodefaults",
            "-no-reboot",
            "-display",
            "none",
            "-serial",
            "stdio",
            "-device",
            "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-m",
            "16M",
            "-kernel",
            kernel);

    assertThat(console)
        .contains("WARNING: no good entropy source")
        .contains("strong=no")
        .contains("UNICORE:EXIT status=0");
    assertThat(console.indexOf("WARNING")).isLessThan(console.indexOf("UNICORE:START"));
  }

  private static String runQemu(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!process.waitFor(Long.parseLong(TIMEOUT_SECONDS), TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
