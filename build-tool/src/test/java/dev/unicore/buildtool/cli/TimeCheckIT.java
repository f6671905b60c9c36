package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core's time formatting against the host's C library: the time-check application prints {@code
 * uc_ttime} and {@code uc_ctime} for a list of timestamps, and each line must equal what GNU {@code
 * date -u} prints for the same timestamp and format in the C locale. Also checks that the
 * unikernel's wall clock agrees with the host's.
 */
class TimeCheckIT {
  /** The format of apps/time-check/src/main.c. */
  private static final String FORMAT =
      "%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %p %R "
          + "%s %S %T %u %U %V %w %W %x %X %y %Y %z %Z %%";

  private static final String TTIME_FORMAT = "%a %b %e %H:%M:%S %Y";

  /** Epoch edges, leap days, century rules, ISO week-year edges, the last representable day. */
  private static final List<String> TIMESTAMPS =
      List.of(
          "0",
          "-1",
          "-86400",
          "-2208988800",
          "-30610224000",
          "59",
          "86399",
          "951782400",
          "951868799",
          "978307200",
          "1104537600",
          "1230768000",
          "1262304000",
          "1609459199",
          "1709164800",
          "1735689599",
          "1735689600",
          "2147483647",
          "2147483648",
          "4107542399",
          "4107542400",
          "13569465600",
          "253402300799");

  @TempDir static Path output;

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void formattedTimesMatchTheHostCLibrary(String target) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "run",
                "time-check",
                "-o",
                output.toString(),
                "--target",
                target,
                "--timeout",
                "120",
                "--"));
    command.addAll(TIMESTAMPS);
    long hostBefore = System.currentTimeMillis() * 1000;
    CommandRun run = CommandRun.of(command.toArray(String[]::new));
    long hostAfter = System.currentTimeMillis() * 1000;
    assertThat(run.exitCode()).as(run.toString()).isZero();

    Map<String, String> lines =
        run.outLines().stream()
            .filter(line -> line.matches("-?\\d+\\|.*"))
            .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('|')), l -> l));
    assertThat(lines.keySet()).as(run.toString()).containsExactlyInAnyOrderElementsOf(TIMESTAMPS);
    for (String timestamp : TIMESTAMPS) {
      String expected =
          timestamp + "|" + date(timestamp, TTIME_FORMAT) + "|" + date(timestamp, FORMAT);
      assertThat(lines.get(timestamp)).as("timestamp " + timestamp).isEqualTo(expected);
    }

    long now =
        Long.parseLong(
            run.outLines().stream()
                .filter(line -> line.startsWith("now="))
                .findFirst()
                .orElseThrow()
                .substring(4));
    // The RTC counts whole seconds: QEMU's clock may be up to one second behind.
    assertThat(now).as(run.toString()).isBetween(hostBefore - 2_000_000, hostAfter + 1_000_000);
    assertThat(run.outLines()).contains("monotonic-ok=yes");
  }

  private static String date(String timestamp, String format)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("date", "-u", "-d", "@" + timestamp, "+" + format);
    builder.environment().put("LC_ALL", "C");
    builder.environment().put("TZ", "UTC");
    Process process = builder.redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(text).isZero();
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}
