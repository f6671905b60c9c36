package dev.unicore.buildtool.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unicore.resolver.recipe.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelLauncherTest {
  private static final Path KERNEL = Path.of("/out/hello.elf");

  @Test
  void qemuCommandBootsThePvhKernelWithTheExitDeviceAndArguments() {
    List<String> command =
        KernelLauncher.command(
            new Target("qemu", "x86_64"),
            KERNEL,
            new KernelLauncher.Options(
                "microvm", "tcg", "2M", Duration.ZERO, List.of("--exit=3", "a")));

    assertThat(command.get(0)).isEqualTo("qemu-system-x86_64");
    assertThat(command)
        .containsSequence("-M", "microvm,x-option-roms=off,rtc=off")
        .containsSequence("-device", "isa-debug-exit,iobase=0xf4,iosize=0x04")
        .containsSequence("-m", "2M")
        .containsSequence("-kernel", "/out/hello.elf")
        .containsSequence("-append", "--exit=3 a");
  }

  @Test
  void qemuWithoutArgumentsLeavesTheImagesDefaultCommandLine() {
    List<String> command =
        KernelLauncher.command(
            new Target("qemu", "x86_64"), KERNEL, KernelLauncher.Options.defaults());

    assertThat(command)
        .doesNotContain("-append")
        .containsSequence("-M", "pc")
        .containsSequence("-accel", "tcg");
  }

  @Test
  void softwareEmulationGivesTheCpuRdrandForTheCoresEntropy() {
    List<String> command =
        KernelLauncher.command(
            new Target("qemu", "x86_64"), KERNEL, KernelLauncher.Options.defaults());

    assertThat(command).containsSequence("-cpu", "qemu64,+rdrand");
  }

  @Test
  void argumentsWithSpacesAreQuotedOnTheKernelCommandLine() {
    assertThat(KernelLauncher.kernelCommandLine(List.of("a", "b c", "")))
        .isEqualTo("a \"b c\" \"\"");
    assertThatThrownBy(() -> KernelLauncher.kernelCommandLine(List.of("say \"hi\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("double quote");
  }

  @Test
  void linuxuRunsTheKernelAsAProcess() {
    assertThat(
            KernelLauncher.command(
                new Target("linuxu", "x86_64"),
                KERNEL,
                new KernelLauncher.Options("pc", "tcg", "8M", Duration.ZERO, List.of("a", "b c"))))
        .containsExactly("/out/hello.elf", "a", "b c");
  }

  @Test
  void unknownMachinesAndPlatformsAreRefusedWithTheAlternatives() {
    assertThatThrownBy(
            () ->
                KernelLauncher.command(
                    new Target("qemu", "x86_64"),
                    KERNEL,
                    new KernelLauncher.Options("isapc", "tcg", "8M", Duration.ZERO, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown QEMU machine `isapc`; use one of: microvm, pc, q35");
    assertThatThrownBy(
            () ->
                KernelLauncher.command(
                    new Target("xen", "x86_64"), KERNEL, KernelLauncher.Options.defaults()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("xen");
  }
}
