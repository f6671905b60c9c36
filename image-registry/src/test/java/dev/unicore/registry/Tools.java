package dev.unicore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real OCI clients (skopeo, umoci) the integration tests drive the registry with. */
public final class Tools {
  private Tools() {}

  /** The result of a command: exit status and its combined output. */
  public record Result(int status, String output) {}

  /** Runs a command and returns its status and output; fails the test after two minutes. */
  public static Result run(Path workDir, String... command) {
    try {
      Path log = Files.createTempFile("tool-", ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs a command that must succeed and returns its output. */
  public static String ok(Path workDir, String... command) {
    Result result = run(workDir, command);
    assertThat(result.status())
        .as(String.join(" ", command) + " failed:\n" + result.output())
        .isZero();
    return result.output();
  }

  /** The files of an OCI layout's blobs folder, for byte-for-byte comparisons. */
  public static List<String> blobNames(Path layout) throws IOException {
    try (var files = Files.walk(layout.resolve("blobs"))) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> layout.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
