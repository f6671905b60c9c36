package dev.unicore.agent.local.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the example applications with the build tool (the code of {@code unicore build}, run as a
 * process from the test class path) into {@code target/it-kernels}; an unchanged configuration
 * rebuilds nothing, so later runs take a fraction of a second.
 */
final class TestKernels {
  private TestKernels() {}

  /** The kernel of {@code application} for {@code platform}/x86_64. */
  static synchronized byte[] build(String application, String platform) throws Exception {
    Path output = Path.of("target/it-kernels").toAbsolutePath().resolve(application);
    String home = System.getProperty("unicore.home");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dunicore.home=" + home,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.unicore.buildtool.cli.UnicoreCommand",
                    "build",
                    application,
                    "--target",
                    platform + "/x86_64",
                    "-o",
                    output.toString()))
            .redirectErrorStream(true)
            .start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("unicore build " + application + " failed:\n" + log);
    }
    return Files.readAllBytes(output.resolve(platform + "-x86_64/" + application + ".elf"));
  }
}
