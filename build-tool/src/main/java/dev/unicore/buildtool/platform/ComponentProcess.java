package dev.unicore.buildtool.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One component of the local platform (control plane, registry, worker, agent) running as a {@code
 * java -jar} child process, its output in a log file of the data folder. Secrets go in the
 * environment, never on the command line, where {@code ps} would show them; Spring Boot binds
 * {@code UNICORE_AUTH_BOOTSTRAPADMINTOKEN} to {@code unicore.auth.bootstrap-admin-token} (dots
 * become underscores, dashes are dropped).
 */
final class ComponentProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;

  private ComponentProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ComponentProcess start(
      String name, Path jar, List<String> arguments, Map<String, String> environment, Path logs)
      throws IOException {
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar"));
    command.add(jar.toString());
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new ComponentProcess(name, builder.start(), log);
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code url} answers 200.
   *
   * @throws PlatformException when the process exits first or the time runs out
   */
  void awaitHttp(String url, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new PlatformException(
            name + " exited with status " + process.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<Void> answer =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new PlatformException(name + " did not become ready in " + timeout + "; see " + log);
  }

  /** Asks the process to stop (SIGTERM: Spring Boot shuts down gracefully), then kills it. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
