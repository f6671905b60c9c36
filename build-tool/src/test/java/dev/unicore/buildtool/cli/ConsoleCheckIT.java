package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's log lines and formatted input on both targets: console-check logs at every level
 * (built with log-level "info") and parses the lines this test writes to its console input, the
 * serial port under QEMU and standard input on linuxu. Input is written once the start marker is
 * out: bytes that reach the serial port before the core has set it up are lost.
 */
class ConsoleCheckIT {
  private static final String LOG_PREFIX =
      "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\] ";

  @TempDir static Path output;
  private static CommandRun build;

  @BeforeAll
  static void buildBothTargets() {
    build = CommandRun.of("build", "console-check", "-o", output.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu", "linuxu"})
  void logsEveryKeptLevelAndParsesInputLines(String platform) throws Exception {
    assertThat(build.exitCode()).as(build.toString()).isZero();
    Path kernel = output.resolve(platform + "-x86_64").resolve("console-check.elf");
    List<String> command =
        platform.equals("qemu")
            ? List.of(
                "qemu-system-x86_64",
                "-M",
                "pc",
                "-accel",
                "tcg",
                "-cpu",
                "qemu64,+rdrand",
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
                kernel.toString())
            : List.of(kernel.toString());

    String console = runWithInput(command, "12 apples\nnope\n7 pears\r\n0 end\n");

    List<String> lines = console.lines().toList();
    assertThat(lines)
        .as(console)
        .contains(
            "printf works 00007",
            "puts works",
            "got 12 apples",
            "no match",
            "got 7 pears",
            "end of input",
            "UNICORE:EXIT status=4");
    String[] expected = {
      "EMERG console-check: emergency",
      "ALERT console-check: alert",
      "CRIT console-check: critical",
      "ERR console-check: error",
      "WARNING console-check: warning",
      "INFO console-check: info 42!",
      "INFO console-check: two lines"
    };
    List<String> logLines = lines.stream().filter(line -> line.startsWith("[")).toList();
    assertThat(logLines).as(console).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(logLines.get(i)).matches(LOG_PREFIX + java.util.regex.Pattern.quote(expected[i]));
    }
    assertThat(console).doesNotContain("debug is compiled out");
  }

  /** Starts the kernel, writes {@code input} once the start marker is out, returns the console. */
  private static String runWithInput(List<String> command, String input)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder console = new StringBuilder();
    boolean written = false;
    try (InputStream out = process.getInputStream();
        OutputStream in = process.getOutputStream()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      int next;
      while (System.nanoTime() < deadline && (next = out.read()) >= 0) {
        console.append((char) next);
        if (!written && console.indexOf("UNICORE:START") >= 0 && next == '\n') {
          in.write(input.getBytes(StandardCharsets.UTF_8));
          in.flush();
          written = true;
        }
      }
    } finally {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    return console.toString();
  }
}
