package dev.unicore.agent.kubernetes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import dev.unicore.agent.kubernetes.testing.Crds;
import dev.unicore.agent.kubernetes.testing.KubeCluster;
import dev.unicore.agent.kubernetes.testing.Kubelet;
import dev.unicore.agent.kubernetes.testing.OperatorAccount;
import dev.unicore.agent.kubernetes.testing.OperatorProcess;
import dev.unicore.agent.kubernetes.testing.TestRegistry;
import dev.unicore.agent.kubernetes.testing.Waits;
import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.AgentsApi;
import dev.unicore.client.api.DeploymentsApi;
import dev.unicore.client.api.TokensApi;
import dev.unicore.client.invoker.ApiClient;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.Agent;
import dev.unicore.client.model.Deployment;
import dev.unicore.client.model.DeploymentRequest;
import dev.unicore.client.model.DeploymentUpdate;
import dev.unicore.client.model.Instance;
import dev.unicore.client.model.TokenRequest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator as the control plane's Kubernetes agent, with the real control plane and registry
 * jars: REST deployments become UnikernelDeployments, kubectl-applied ones appear in the control
 * plane, and Pod health flows back as instance states.
 */
class ControlPlaneLinkIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String ADMIN_TOKEN = "admin-token-for-operator-link-tests";
  static final String CLUSTER = "test-cluster";
  static KubeCluster cluster;
  static KubernetesClient client;
  static Kubelet kubelet;
  static TestRegistry registry;
  static Process controlPlane;
  static OperatorProcess operator;
  static ApiClient admin;
  static String namespace;
  static String digest;

  @BeforeAll
  static void start() throws Exception {
    cluster = KubeCluster.shared();
    client = cluster.client();
    kubelet = new Kubelet(client);
    Crds.install(client);
    Path directory = Files.createTempDirectory("operator-link-");
    registry = TestRegistry.start(directory);
    digest = registry.push("unicore/hello", "1", "a kernel");
    int port = TestRegistry.freePort();
    Path log = directory.resolve("control-plane.log");
    controlPlane =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("unicore.test.control-plane-jar"),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--unicore.auth.bootstrap-admin-token=" + ADMIN_TOKEN,
                "--unicore.home=" + System.getProperty("unicore.home"),
                "--unicore.deployments.registry-url=" + registry.url(),
                "--unicore.deployments.registry-username=" + TestRegistry.PULLER,
                "--unicore.deployments.registry-password=" + TestRegistry.PULL_SECRET,
                "--unicore.deployments.agent-lease=6s",
                "--unicore.deployments.reap-interval=500ms")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String url = "http://127.0.0.1:" + port;
    Waits.until(
        "the control plane is ready (log: " + log + ")",
        Duration.ofSeconds(150),
        () -> {
          if (!controlPlane.isAlive()) {
            throw new AssertionError("the control plane exited; see " + log);
          }
          return HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200;
        });
    admin = ControlPlaneClients.create(URI.create(url), ADMIN_TOKEN, Duration.ofSeconds(30));
    String agentToken =
        new TokensApi(admin)
            .createToken(
                new TokenRequest().name("operator-it").roles(List.of(TokenRequest.RolesEnum.AGENT)))
            .getSecret();
    namespace = cluster.newNamespace("link");
    operator =
        OperatorProcess.start(
            OperatorAccount.in(cluster, namespace),
            directory.resolve("operator.log"),
            List.of("-Xmx256m"),
            OperatorProcess.settings(
                namespace,
                registry,
                "--unicore.operator.leader-election.enabled=false",
                "--unicore.operator.control-plane-url=" + url,
                "--unicore.operator.token=" + agentToken,
                "--unicore.operator.agent-name=" + CLUSTER));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (controlPlane != null) {
      controlPlane.destroy();
    }
    if (registry != null) {
      registry.close();
    }
  }

  static DeploymentsApi deployments() {
    return new DeploymentsApi(admin);
  }

  static UnikernelDeployment resource(String name) {
    return client.resources(UnikernelDeployment.class).inNamespace(namespace).withName(name).get();
  }

  static List<Instance.StateEnum> states(String name) throws ApiException {
    return deployments().getDeployment(name).getInstances().stream()
        .filter(instance -> instance.getDesired() == Instance.DesiredEnum.RUN)
        .map(Instance::getState)
        .toList();
  }

  @Test
  void theOperatorRegistersAsTheClustersKubernetesAgent() throws Exception {
    Waits.until(
        "the agent " + CLUSTER,
        WAIT,
        () ->
            new AgentsApi(admin).listAgents().stream().anyMatch(a -> a.getName().equals(CLUSTER)));
    Agent agent =
        new AgentsApi(admin)
            .listAgents().stream()
                .filter(a -> a.getName().equals(CLUSTER))
                .findFirst()
                .orElseThrow();
    assertThat(agent.getKind()).isEqualTo("kubernetes");
    assertThat(agent.getPool()).isEqualTo("kubernetes");
    assertThat(agent.getPlatforms()).containsExactlyInAnyOrder("qemu", "firecracker");
  }

  @Test
  void aDeploymentMadeThroughTheApiBecomesAResourceAndReportsItsPodsHealth() throws Exception {
    Waits.until("the agent", WAIT, () -> !new AgentsApi(admin).listAgents().isEmpty());
    deployments()
        .createDeployment(
            new DeploymentRequest()
                .name("from-api")
                .image("unicore/hello:1")
                .pool("kubernetes")
                .platform(DeploymentRequest.PlatformEnum.QEMU)
                .replicas(2)
                .memoryMiB(32)
                .commandLine("--interval=1"));
    Waits.until("the resource from-api", WAIT, () -> resource("from-api") != null);
    UnikernelDeployment resource = resource("from-api");
    assertThat(resource.getMetadata().getLabels())
        .containsEntry("unicore.dev/managed-by", "control-plane");
    assertThat(resource.getSpec().image()).isEqualTo("unicore/hello@" + digest);
    assertThat(resource.getSpec().replicas()).isEqualTo(2);
    assertThat(resource.getSpec().memoryMiB()).isEqualTo(32);
    assertThat(resource.getSpec().commandLine()).isEqualTo("--interval=1");

    Waits.until("2 Pods", WAIT, () -> kubelet.pods(namespace, "from-api").size() == 2);
    kubelet.pods(namespace, "from-api").forEach(kubelet::run);
    Waits.until(
        "the control plane sees both instances running",
        WAIT,
        () -> deployments().getDeployment("from-api").getState() == Deployment.StateEnum.AVAILABLE);

    // A Pod fails: the instance is failed in the control plane, with the exit status.
    Pod pod = kubelet.pods(namespace, "from-api").get(0);
    kubelet.fail(pod, "UnikernelCrashed", "exited with status 122", 122);
    Waits.until(
        "a failed instance with status 122",
        WAIT,
        () ->
            deployments().getDeployment("from-api").getInstances().stream()
                .anyMatch(
                    i ->
                        i.getState() == Instance.StateEnum.FAILED
                            && Integer.valueOf(122).equals(i.getExitStatus())));

    // Scaling through the API changes the resource.
    deployments().updateDeployment("from-api", new DeploymentUpdate().replicas(1));
    Waits.until(
        "the resource has 1 replica", WAIT, () -> resource("from-api").getSpec().replicas() == 1);

    // Deleting through the API deletes the resource, and the garbage collector its Pods.
    deployments().deleteDeployment("from-api");
    Waits.until("the resource is gone", WAIT, () -> resource("from-api") == null);
    Waits.until("its Pods are gone", WAIT, () -> kubelet.pods(namespace, "from-api").isEmpty());
    Waits.until(
        "the control plane forgot it",
        WAIT,
        () ->
            deployments().listDeployments().stream()
                .noneMatch(d -> d.getName().equals("from-api")));
  }

  @Test
  void aResourceAppliedInTheClusterAppearsInTheControlPlaneAndGoesWithIt() throws Exception {
    UnikernelDeployment applied = new UnikernelDeployment();
    applied.getMetadata().setName("from-kubectl");
    applied.getMetadata().setNamespace(namespace);
    applied.setSpec(
        new UnikernelDeploymentSpec(
            "unicore/hello:1", 1, "firecracker", 16, null, null, null, null, null, null));
    client.resource(applied).create();
    Waits.until(
        "the control plane lists from-kubectl",
        WAIT,
        () ->
            deployments().listDeployments().stream()
                .anyMatch(d -> d.getName().equals("from-kubectl")));
    Deployment seen = deployments().getDeployment("from-kubectl");
    assertThat(seen.getManagedBy()).isEqualTo(CLUSTER);
    assertThat(seen.getImageDigest()).isEqualTo(digest);
    assertThat(seen.getPlatform()).isEqualTo("firecracker");
    assertThat(seen.getMemoryMiB()).isEqualTo(16);
    assertThat(seen.getReplicas()).isEqualTo(1);

    Waits.until("its Pod", WAIT, () -> kubelet.pods(namespace, "from-kubectl").size() == 1);
    kubelet.run(kubelet.pods(namespace, "from-kubectl").get(0));
    Waits.until(
        "its instance runs in the control plane",
        WAIT,
        () -> states("from-kubectl").equals(List.of(Instance.StateEnum.RUNNING)));

    // The control plane refuses to change what the cluster defines.
    assertThatThrownBy(
            () ->
                deployments().updateDeployment("from-kubectl", new DeploymentUpdate().replicas(3)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(resource("from-kubectl").getSpec().replicas()).isEqualTo(1);

    client.resource(resource("from-kubectl")).delete();
    Waits.until(
        "the control plane shows it gone",
        WAIT,
        () ->
            deployments().listDeployments().stream()
                .noneMatch(d -> d.getName().equals("from-kubectl")));
  }
}
