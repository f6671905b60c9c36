package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core's memory protection and heap checks, proven by doing the forbidden thing: each boot of
 * the security-probe application does exactly one (execute from the heap, the stack or data; write
 * to code or read-only data; read or write at address 0; recurse without bound; free twice; free a
 * pointer malloc never returned) and must end with the crash report's cause line, a backtrace and
 * the documented exit status: 122 for a CPU exception, 123 for a stack overflow, 127 for heap
 * corruption. Exhausting memory must give NULL, not a crash. Every action runs under QEMU (page
 * tables with W^X and an unmapped first page) and as a Linux process (the host's protections,
 * reported through signals). The in-kernel tests also run with the buddy allocator.
 */
class SecurityProbeIT {
  private static final String ADDRESS = "0x[0-9a-f]+";

  @TempDir static Path output;

  static Stream<Arguments> forbiddenActions() {
    List<Arguments> cases = new ArrayList<>();
    for (String target : List.of("qemu/x86_64", "linuxu/x86_64")) {
      cases.add(
          Arguments.of(
              target,
              "exec-heap",
              "CRASH: instruction fault: execution of a non-executable page at " + ADDRESS,
              122));
      cases.add(
          Arguments.of(
              target,
              "exec-stack",
              "CRASH: instruction fault: execution of a non-executable page at " + ADDRESS,
              122));
      cases.add(
          Arguments.of(
              target,
              "exec-data",
              "CRASH: instruction fault: execution of a non-executable page at " + ADDRESS,
              122));
      cases.add(
          Arguments.of(
              target,
              "write-text",
              "CRASH: memory fault: write to a read-only page at " + ADDRESS,
              122));
      cases.add(
          Arguments.of(
              target,
              "write-rodata",
              "CRASH: memory fault: write to a read-only page at " + ADDRESS,
              122));
      cases.add(
          Arguments.of(
              target,
              "read-null",
              "CRASH: memory fault: read of an unmapped page at 0x0 \\(NULL pointer\\)",
              122));
      cases.add(
          Arguments.of(
              target,
              "write-null",
              "CRASH: memory fault: write to an unmapped page at 0x0 \\(NULL pointer\\)",
              122));
      cases.add(
          Arguments.of(
              target,
              "stack-overflow",
              "CRASH: stack overflow: the boot stack overflowed into its guard page at " + ADDRESS,
              123));
      cases.add(
          Arguments.of(
              target,
              "double-free",
              "CRASH: heap corruption: double free of " + ADDRESS + " \\(alloc-small\\)",
              127));
      cases.add(
          Arguments.of(
              target,
              "foreign-free",
              "CRASH: heap corruption: free of a pointer it never returned: "
                  + ADDRESS
                  + " \\(alloc-small\\)",
              127));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("forbiddenActions")
  void eachForbiddenActionIsStoppedWithAReportAndItsStatus(
      String target, String action, String causeLine, int status) {
    CommandRun run = probe(target, action);

    List<String> lines = run.outLines();
    assertThat(lines).as(run.toString()).contains("probe: " + action);
    assertThat(lines).as(run.toString()).anyMatch(line -> line.matches(causeLine));
    assertThat(lines).as(run.toString()).noneMatch(line -> line.contains("NOT stopped"));
    assertThat(lines).as(run.toString()).contains("backtrace:");
    if (status != 127) {
      assertThat(run.out()).as(run.toString()).containsPattern("\n  ip " + ADDRESS + " ");
      assertThat(run.out()).as(run.toString()).containsPattern("\n  rax [0-9a-f]{16} rbx");
    }
    assertThat(lines).as(run.toString()).contains("UNICORE:EXIT status=" + status);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void theReportNamesTheFunctions(String target) {
    CommandRun fault = probe(target, "write-rodata");
    CommandRun corruption = probe(target, "double-free");

    assertThat(fault.out())
        .as(fault.toString())
        .containsPattern("\n  ip " + ADDRESS + " \\(write_rodata\\+0x[0-9a-f]+\\)")
        .containsPattern("\n  #0 " + ADDRESS + " write_rodata\\+0x[0-9a-f]+\n");
    assertThat(corruption.out())
        .as(corruption.toString())
        .containsPattern("\n  #0 " + ADDRESS + " small_free\\+0x[0-9a-f]+\n")
        .containsPattern("\n  #\\d+ " + ADDRESS + " double_free\\+0x[0-9a-f]+\n")
        .containsPattern("\n  #\\d+ " + ADDRESS + " main\\+0x[0-9a-f]+\n")
        .containsPattern("\n  #\\d+ " + ADDRESS + " uc_boot\\+0x[0-9a-f]+\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void exhaustingMemoryGivesNullNotACrash(String target) {
    CommandRun run = probe(target, "exhaust");

    assertThat(run.out())
        .as(run.toString())
        .containsPattern("probe: exhaust: malloc returned NULL after \\d+ KiB")
        .doesNotContain("CRASH");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void everyInKernelTestPassesWithTheBuddyAllocator(String target) {
    CommandRun run =
        CommandRun.of(
            "run",
            "selftest-buddy",
            "-o",
            output.toString(),
            "--target",
            target,
            "--timeout",
            "300");

    InKernelTests.assertAllPassed(run, 35);
    assertThat(run.outLines()).as(run.toString()).contains("allocator: alloc-buddy");
  }

  private static CommandRun probe(String target, String action) {
    return CommandRun.of(
        "run",
        "security-probe",
        "-o",
        output.toString(),
        "--target",
        target,
        "--timeout",
        "120",
        "--",
        action);
  }
}
