package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real thing, end to end: the hello application of the tree is resolved, built with the core's
 * make interface for qemu/x86_64 and linuxu/x86_64, and booted under QEMU (software emulation, on
 * the pc, q35 and microvm machines) and as a Linux process, all through the {@code unicore}
 * command. Each boot checks the console markers and the exit status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelloBootIT {
  private static final String TIMEOUT_SECONDS = "120";

  @TempDir static Path output;
  private static CommandRun firstBuild;

  @BeforeAll
  static void buildBothTargets() {
    firstBuild = CommandRun.of("build", "hello", "-o", output.toString());
  }

  @Test
  @Order(1)
  void buildPrintsEachKernelPathAsTheLastLineOfItsTarget() {
    assertThat(firstBuild.exitCode()).as(firstBuild.toString()).isZero();
    List<String> lines = firstBuild.outLines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("qemu/x86_64: built hello.elf, ");
    assertThat(lines.get(1)).isEqualTo(kernel("qemu-x86_64").toString());
    assertThat(lines.get(2)).startsWith("linuxu/x86_64: built hello.elf, ");
    assertThat(lines.get(3)).isEqualTo(kernel("linuxu-x86_64").toString());
    assertThat(kernel("qemu-x86_64")).isRegularFile();
    assertThat(kernel("linuxu-x86_64")).isExecutable();
  }

  @Test
  @Order(2)
  void secondBuildOfAnUnchangedConfigurationIsANoOp() throws Exception {
    FileTime before = Files.getLastModifiedTime(kernel("qemu-x86_64"));

    CommandRun again = CommandRun.of("build", "hello", "-o", output.toString());

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.outLines())
        .filteredOn(line -> line.contains(": "))
        .allMatch(line -> line.contains(": up to date hello.elf"));
    assertThat(Files.getLastModifiedTime(kernel("qemu-x86_64"))).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pc", "q35", "microvm"})
  @Order(3)
  void bootsUnderQemuWithMarkersArgumentsAndExitStatus(String machine) {
    CommandRun run =
        CommandRun.of(
            "run",
            "hello",
            "-o",
            output.toString(),
            "--target",
            "qemu/x86_64",
            "--machine",
            machine,
            "--timeout",
            TIMEOUT_SECONDS,
            "--",
            "--exit=3",
            "two words");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.outLines())
        .contains("UNICORE:START app=hello plat=qemu arch=x86_64", "UNICORE:EXIT status=3");
    assertThat(run.out()).contains("Hello from Unicore!").contains("\"two words\"");
    assertThat(indexOf(run, "UNICORE:START")).isLessThan(indexOf(run, "Hello from Unicore!"));
    assertThat(indexOf(run, "Hello from Unicore!")).isLessThan(indexOf(run, "UNICORE:EXIT"));
  }

  @Test
  @Order(4)
  void qemuWithoutArgumentsUsesTheRecipesCommandLineAndExitsWithZero() {
    CommandRun run =
        CommandRun.of(
            "run",
            "hello",
            "-o",
            output.toString(),
            "--target",
            "qemu/x86_64",
            "--timeout",
            TIMEOUT_SECONDS);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.outLines()).contains("UNICORE:EXIT status=0");
  }

  @Test
  @Order(5)
  void runsAsALinuxProcessWithTheSameContract() {
    CommandRun run =
        CommandRun.of(
            "run",
            "hello",
            "-o",
            output.toString(),
            "--target",
            "linuxu/x86_64",
            "--timeout",
            TIMEOUT_SECONDS,
            "--",
            "--exit=42",
            "argument");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(42);
    assertThat(run.outLines())
        .contains("UNICORE:START app=hello plat=linuxu arch=x86_64", "UNICORE:EXIT status=42");
    assertThat(run.out()).contains("Hello from Unicore!").contains("argument");
  }

  @Test
  @Order(6)
  void exitStatusesAboveWhatQemuCanCarryComeFromTheMarker() {
    CommandRun run =
        CommandRun.of(
            "run",
            "hello",
            "-o",
            output.toString(),
            "--target",
            "qemu/x86_64",
            "--timeout",
            TIMEOUT_SECONDS,
            "--",
            "--exit=200");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(200);
  }

  private static int indexOf(CommandRun run, String text) {
    int index = run.out().indexOf(text);
    assertThat(index).as("console contains " + text).isNotNegative();
    return index;
  }

  private static Path kernel(String targetFolder) {
    return output.resolve(targetFolder).resolve("hello.elf");
  }
}
