package dev.unicore.agent.kubernetes.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager on
 * loopback, started once per test JVM by {@code agents/kubernetes/tools/start-apiserver.sh} and
 * stopped when the JVM exits. The first start on a machine builds the binaries from Debian's source
 * package (minutes; cached afterwards). There is no scheduler and no kubelet: Pods are created by
 * the controllers and stay Pending until a test patches their status.
 */
public final class KubeCluster {
  private static KubeCluster shared;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final Path directory;
  private final String server;
  private final String token;
  private final Path caFile;
  private final KubernetesClient client;

  private KubeCluster(Path directory, Map<String, String> env) {
    this.directory = directory;
    this.server = env.get("KUBE_SERVER");
    this.token = env.get("KUBE_TOKEN");
    this.caFile = Path.of(env.get("KUBE_CA"));
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The cluster of this JVM, started on first use. */
  public static synchronized KubeCluster shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private static KubeCluster start() {
    try {
      Path directory = Files.createTempDirectory("unicore-kube-");
      Process process =
          new ProcessBuilder("bash", script().toString(), "start", directory.toString())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("start.log").toFile())
              .start();
      // A first run builds kube-apiserver and kube-controller-manager from source.
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "start-apiserver.sh failed:\n" + Files.readString(directory.resolve("start.log")));
      }
      Map<String, String> env = new HashMap<>();
      for (String line : Files.readAllLines(directory.resolve("env"))) {
        int equals = line.indexOf('=');
        if (equals > 0) {
          env.put(line.substring(0, equals), line.substring(equals + 1));
        }
      }
      return new KubeCluster(directory, env);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path script() {
    String home = System.getProperty("unicore.home", "../..");
    return Path.of(home, "agents", "kubernetes", "tools", "start-apiserver.sh").toAbsolutePath();
  }

  private void stop() {
    client.close();
    try {
      new ProcessBuilder("bash", script().toString(), "stop", directory.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      // The JVM is ending; the processes are in their own session and log where they ran.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A client with the admin token (group system:masters). */
  public KubernetesClient client() {
    return client;
  }

  /** A client configuration with the admin token, for code under test that builds its own. */
  public Config config() {
    return new ConfigBuilder()
        .withMasterUrl(server)
        .withOauthToken(token)
        .withCaCertFile(caFile.toString())
        .withNamespace("default")
        .build();
  }

  /** A fresh namespace named after the caller's purpose, so tests never see each other. */
  public String newNamespace(String purpose) {
    String name =
        purpose + "-" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * A kubeconfig with the token of a ServiceAccount (the controller-manager's token controller
   * makes it), so that code under test runs with exactly the rights bound to that account.
   */
  public Path kubeconfigFor(String namespace, String serviceAccount) {
    String[] token = new String[1];
    Waits.until(
        "a token for service account " + namespace + "/" + serviceAccount,
        java.time.Duration.ofSeconds(60),
        () -> {
          for (var secret : client.secrets().inNamespace(namespace).list().getItems()) {
            var annotations = secret.getMetadata().getAnnotations();
            if ("kubernetes.io/service-account-token".equals(secret.getType())
                && annotations != null
                && serviceAccount.equals(annotations.get("kubernetes.io/service-account.name"))
                && secret.getData() != null
                && secret.getData().containsKey("token")) {
              token[0] =
                  new String(
                      java.util.Base64.getDecoder().decode(secret.getData().get("token")),
                      java.nio.charset.StandardCharsets.UTF_8);
              return true;
            }
          }
          return false;
        });
    Path file = directory.resolve("kubeconfig-" + namespace + "-" + serviceAccount);
    try {
      Files.writeString(
          file,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "- name: unicore",
              "  cluster: {server: \"" + server + "\", certificate-authority: \"" + caFile + "\"}",
              "users:",
              "- name: " + serviceAccount,
              "  user: {token: \"" + token[0] + "\"}",
              "contexts:",
              "- name: unicore",
              "  context: {cluster: unicore, user: "
                  + serviceAccount
                  + ", namespace: "
                  + namespace
                  + "}",
              "current-context: unicore",
              ""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  public String server() {
    return server;
  }

  public String token() {
    return token;
  }

  public Path caFile() {
    return caFile;
  }

  /** A kubeconfig file with the admin token and namespace {@code default}. */
  public Path kubeconfig() {
    return directory.resolve("kubeconfig");
  }
}
