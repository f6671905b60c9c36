package dev.unicore.agent.kubernetes.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders the chart with the real Helm engine (helm-java) in a child JVM whose {@code KUBECONFIG}
 * names a test cluster.
 *
 * <p>Why a child process: helm-java 0.0.17's {@code template} (unlike the {@code helm template}
 * command) lets the chart's {@code lookup} calls reach the cluster of {@code $KUBECONFIG}, and
 * offers no option to name one; without a reachable cluster every {@code lookup} fails the render.
 * The Go runtime inside helm-java reads the environment once, when the JVM loads it, so the only
 * way to give it a kubeconfig is the environment of a new JVM. This also makes {@code lookup} real
 * in the tests: a render sees the Secrets of its namespace.
 */
public final class ChartRenderer {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Path chart;
  private final Path kubeconfig;

  public ChartRenderer(Path chart, Path kubeconfig) {
    this.chart = chart;
    this.kubeconfig = kubeconfig;
  }

  /** What one render gave: the manifest, or Helm's error. */
  public record Result(boolean succeeded, String output) {
    public List<JsonNode> documents() {
      if (!succeeded) {
        throw new AssertionError("helm template failed:\n" + output);
      }
      return parse(output);
    }
  }

  /** Renders release {@code release} into {@code namespace} with these {@code --set} values. */
  public Result render(String release, String namespace, Map<String, String> values) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChartRenderer.class.getName());
    command.add(chart.toString());
    command.add(release);
    command.add(namespace);
    values.forEach((key, value) -> command.add(key + "=" + value));
    try {
      Path output = Files.createTempFile("helm-template-", ".out");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError("helm template did not finish in 2 minutes");
        }
        return new Result(
            process.exitValue() == 0, Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every non-empty YAML document of a manifest. */
  static List<JsonNode> parse(String manifest) {
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(manifest)) {
      List<JsonNode> result = new ArrayList<>();
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          result.add(document);
        }
      }
      return result;
    } catch (IOException e) {
      throw new AssertionError("the rendered manifest is not YAML:\n" + manifest, e);
    }
  }

  /**
   * The child process: {@code CHART RELEASE NAMESPACE [KEY=VALUE...]}; prints the manifest, or the
   * error and exits with status 2.
   */
  public static void main(String[] arguments) {
    try {
      var template =
          new Helm(Path.of(arguments[0]))
              .template()
              .withName(arguments[1])
              .withNamespace(arguments[2]);
      for (int index = 3; index < arguments.length; index++) {
        int equals = arguments[index].indexOf('=');
        template =
            template.set(
                arguments[index].substring(0, equals), arguments[index].substring(equals + 1));
      }
      System.out.print(template.call());
      System.out.flush();
    } catch (RuntimeException e) {
      System.out.print(e.getMessage());
      System.out.flush();
      System.exit(2);
    }
  }
}
