package dev.unicore.agent.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceleratorTest {
  @TempDir Path directory;

  @Test
  void autoUsesKvmOnlyWhenTheDeviceExistsAndTheProbeBoots() throws Exception {
    Path device = Files.createFile(directory.resolve("kvm"));
    AtomicInteger probes = new AtomicInteger();

    assertThat(Accelerator.choose("auto", directory.resolve("missing"), () -> true))
        .isEqualTo("tcg");
    assertThat(Accelerator.choose("auto", device, () -> probes.incrementAndGet() < 0))
        .isEqualTo("tcg");
    assertThat(Accelerator.choose("auto", device, () -> probes.incrementAndGet() > 0))
        .isEqualTo("kvm");
    assertThat(probes).hasValue(2);
  }

  @Test
  void anExplicitChoiceIsKeptWithoutProbing() {
    assertThat(Accelerator.choose("tcg", Path.of("/dev/kvm"), () -> true)).isEqualTo("tcg");
    assertThat(Accelerator.choose("kvm", Path.of("/nonexistent"), () -> false)).isEqualTo("kvm");
  }

  @Test
  void theProbeFailsWhereQemuCannotRunUnderKvm() {
    // On a machine without QEMU the probe cannot start it: that is "does not work" too.
    assertThat(Accelerator.qemuProbe("/nonexistent/qemu-system-x86_64").kvmWorks()).isFalse();
  }

  @Test
  void theCommandIsTheBuildToolsWithTheDeploymentsMemoryAndArguments() {
    RuntimeSettings settings =
        new RuntimeSettings(
            "microvm",
            "tcg",
            java.time.Duration.ofMillis(500),
            java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(10),
            5,
            java.time.Duration.ofSeconds(3),
            4096,
            1 << 20,
            true);
    InstanceSpec spec =
        new InstanceSpec(
            1,
            "web",
            "apps/web",
            "sha256:" + "a".repeat(64),
            "qemu",
            16,
            1,
            "one \"two three\"",
            java.util.Map.of(),
            RestartPolicy.ALWAYS);

    assertThat(new Launcher(settings).command(spec, Path.of("/k/kernel")))
        .startsWith("setpriv", "--pdeathsig", "KILL", "--", "qemu-system-x86_64")
        .containsSequence("-M", "microvm,x-option-roms=off,rtc=off")
        .containsSequence("-cpu", "qemu64,+rdrand")
        .containsSequence("-m", "16M")
        .containsSequence("-kernel", "/k/kernel", "-append", "one \"two three\"");
    InstanceSpec linuxu =
        new InstanceSpec(
            2,
            "web",
            "apps/web",
            "sha256:" + "a".repeat(64),
            "linuxu",
            16,
            1,
            "one \"two three\"",
            java.util.Map.of(),
            RestartPolicy.ALWAYS);
    assertThat(new Launcher(settings).command(linuxu, Path.of("/k/kernel")))
        .containsExactly("setpriv", "--pdeathsig", "KILL", "--", "/k/kernel", "one", "two three");
  }
}
