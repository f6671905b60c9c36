package dev.unicore.agent.kubernetes.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator's jar as a process, the way the Helm chart runs it: the cluster from $KUBECONFIG,
 * settings as command-line properties. {@link #kill} is a SIGKILL, for restart tests.
 */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The settings every test operator has: the namespace it watches and the test registry with its
   * pull-only account, followed by {@code more}.
   */
  public static List<String> settings(String namespace, TestRegistry registry, String... more) {
    List<String> settings = new ArrayList<>();
    settings.add("--unicore.operator.namespace=" + namespace);
    settings.add("--unicore.operator.registry.url=" + registry.url());
    settings.add("--unicore.operator.registry.username=" + TestRegistry.PULLER);
    settings.add("--unicore.operator.registry.password=" + TestRegistry.PULL_SECRET);
    settings.addAll(List.of(more));
    return settings;
  }

  /** Starts an operator and waits until its health endpoint answers. */
  public static OperatorProcess start(KubeCluster cluster, Path log, List<String> settings)
      throws IOException {
    return start(cluster, log, List.of("-Xmx256m"), settings);
  }

  /**
   * Starts an operator with these JVM options (heap sizes, for a benchmark) instead of -Xmx256m.
   */
  public static OperatorProcess start(
      KubeCluster cluster, Path log, List<String> jvmOptions, List<String> settings)
      throws IOException {
    return start(cluster.kubeconfig(), log, jvmOptions, settings);
  }

  /** Starts an operator that reaches the cluster with {@code kubeconfig}'s identity. */
  public static OperatorProcess start(
      Path kubeconfig, Path log, List<String> jvmOptions, List<String> settings)
      throws IOException {
    int port = TestRegistry.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(System.getProperty("unicore.test.operator-jar"));
    command.add("--server.port=" + port);
    command.add("--server.address=127.0.0.1");
    command.add("--logging.structured.format.console=");
    command.addAll(settings);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    OperatorProcess operator = new OperatorProcess(builder.start(), port, log);
    Waits.until(
        "the operator answers on /actuator/health (log: " + log + ")",
        Duration.ofSeconds(90),
        () -> {
          if (!operator.process.isAlive()) {
            throw new AssertionError("the operator exited:\n" + Files.readString(log));
          }
          return operator.get("/actuator/health/liveness").statusCode() == 200;
        });
    return operator;
  }

  public HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reconciliations this process ran, from its Prometheus metrics. */
  public long reconciliations() {
    return get("/actuator/prometheus")
        .body()
        .lines()
        .filter(line -> line.startsWith("unicore_operator_reconciliations_seconds_count"))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hooks, the lease is not released. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
