package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-kernel tests of every library, run where they run in production: the selftest application
 * is built with its libraries' tests and booted under QEMU and as a Linux process. A failing
 * in-kernel case fails this test, and the case's own report is in the message.
 */
class CoreTestsIT {
  @TempDir static Path output;

  @ParameterizedTest
  @ValueSource(strings = {"qemu/x86_64", "linuxu/x86_64"})
  void everyInKernelTestPasses(String target) {
    CommandRun run =
        CommandRun.of(
            "run", "selftest", "-o", output.toString(), "--target", target, "--timeout", "300");

    InKernelTests.assertAllPassed(run, 45);
    assertThat(run.outLines()).as(run.toString()).contains("allocator: alloc-small");
  }
}
