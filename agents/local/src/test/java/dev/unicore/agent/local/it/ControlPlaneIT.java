package dev.unicore.agent.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.AgentsApi;
import dev.unicore.client.api.DeploymentsApi;
import dev.unicore.client.api.TokensApi;
import dev.unicore.client.invoker.ApiClient;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.Deployment;
import dev.unicore.client.model.DeploymentRequest;
import dev.unicore.client.model.Instance;
import dev.unicore.client.model.TokenRequest;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent as it is deployed: its own JVM (the Spring Boot main), against the control plane's jar
 * (embedded PostgreSQL, agent leases of 4 s) and the registry's jar, deployments created through
 * the generated client. Instances reach {@code running} in the control plane's view, a deleted
 * deployment's processes go away, SIGTERM stops every child, and a SIGKILLed agent's children die
 * with it (parent-death signal); the next start deletes what it left behind.
 */
class ControlPlaneIT {
  private static final String ADMIN_TOKEN = "uc_local_agent_it_admin_0123456789";
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static ItEnvironment environment;
  private static Process controlPlane;
  private static int port;
  private static ApiClient admin;
  private static String agentToken;
  private final List<Process> agents = new ArrayList<>();

  @BeforeAll
  static void startControlPlane() throws Exception {
    environment = ItEnvironment.get();
    port = TestRegistry.freePort();
    Path log = environment.directory.resolve("control-plane.log");
    controlPlane =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("unicore.test.control-plane-jar"),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--unicore.auth.bootstrap-admin-token=" + ADMIN_TOKEN,
                "--unicore.home=" + System.getProperty("unicore.home"),
                "--unicore.deployments.registry-url=" + environment.registry.url(),
                "--unicore.deployments.registry-username=" + TestRegistry.AGENT,
                "--unicore.deployments.registry-password=" + TestRegistry.AGENT_SECRET,
                "--unicore.deployments.agent-lease=4s",
                "--unicore.deployments.reap-interval=500ms")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Waits.until(
        "the control plane is ready (log: " + log + ")",
        Duration.ofSeconds(150),
        () -> {
          if (!controlPlane.isAlive()) {
            throw new AssertionError("the control plane exited; see " + log);
          }
          try {
            return HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (java.io.IOException e) {
            return false;
          }
        });
    admin = client(ADMIN_TOKEN);
    agentToken =
        new TokensApi(admin)
            .createToken(
                new TokenRequest()
                    .name("local-agent-it")
                    .roles(List.of(TokenRequest.RolesEnum.AGENT)))
            .getSecret();
  }

  @AfterAll
  static void stopControlPlane() {
    if (controlPlane != null) {
      controlPlane.destroy();
    }
  }

  @org.junit.jupiter.api.AfterEach
  void killAgents() {
    agents.forEach(Process::destroyForcibly);
  }

  @Test
  void deploymentsRunOnTheAgentStopWhenDeletedAndSigtermStopsEveryChild() throws Exception {
    Path data = Files.createTempDirectory(environment.directory, "agent-one-");
    Process agent = startAgent("agent-one", "pool-one", data);
    DeploymentsApi deployments = new DeploymentsApi(admin);

    deployments.createDeployment(
        request("svc-linuxu", "apps/hello-service:linuxu", "pool-one")
            .platform(DeploymentRequest.PlatformEnum.LINUXU)
            .replicas(2));
    deployments.createDeployment(
        request("svc-qemu", "apps/hello-service:qemu", "pool-one")
            .platform(DeploymentRequest.PlatformEnum.QEMU)
            .replicas(1));

    Deployment linuxu = awaitAvailable("svc-linuxu");
    Deployment qemu = awaitAvailable("svc-qemu");
    assertThat(linuxu.getInstances())
        .extracting(Instance::getState)
        .containsOnly(Instance.StateEnum.RUNNING);
    assertThat(linuxu.getInstances().get(0).getConsoleTail())
        .contains("UNICORE:START app=hello-service plat=linuxu");
    assertThat(qemu.getInstances().get(0).getConsoleTail())
        .contains("UNICORE:START app=hello-service plat=qemu");
    assertThat(Procs.withArgument(data.resolve("images").toString())).hasSize(3);

    long qemuPid =
        Procs.withArgument(data.resolve("images").toString()).stream()
            .filter(pid -> commandLine(pid).contains("qemu-system-x86_64"))
            .findFirst()
            .orElseThrow();
    ProcessHandle.of(qemuPid).orElseThrow().destroyForcibly();
    Waits.until(
        "the control plane shows the qemu instance restarted once and running",
        PATIENCE,
        () -> {
          Instance instance = deployments.getDeployment("svc-qemu").getInstances().get(0);
          return instance.getRestarts() == 1 && instance.getState() == Instance.StateEnum.RUNNING;
        });
    assertThat(deployments.getDeployment("svc-qemu").getInstances().get(0).getConsoleTail())
        .contains("ended without an exit marker, process exit code 137");

    deployments.deleteDeployment("svc-linuxu");
    Waits.until(
        "the deleted deployment's two processes are gone",
        PATIENCE,
        () -> Procs.withArgument(data.resolve("images").toString()).size() == 1);
    for (Instance instance : linuxu.getInstances()) {
      Waits.until(
          "instance folder " + instance.getId() + " deleted",
          PATIENCE,
          () -> !Files.exists(data.resolve("instances/" + instance.getId())));
    }

    agent.destroy();
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
    assertThat(Procs.withArgument(data.resolve("images").toString())).isEmpty();
    assertThat(data.resolve("instances")).doesNotExist();
    deployments.deleteDeployment("svc-qemu");
  }

  @Test
  void aKilledAgentsChildrenDieWithItAndItsNextStartDeletesWhatItLeft() throws Exception {
    Path data = Files.createTempDirectory(environment.directory, "agent-two-");
    Process agent = startAgent("agent-two", "pool-two", data);
    DeploymentsApi deployments = new DeploymentsApi(admin);
    deployments.createDeployment(
        request("svc-killed", "apps/hello-service:linuxu", "pool-two")
            .platform(DeploymentRequest.PlatformEnum.LINUXU)
            .replicas(1));
    Deployment running = awaitAvailable("svc-killed");
    long instance = running.getInstances().get(0).getId();
    assertThat(Procs.withArgument(data.resolve("images").toString())).hasSize(1);

    agent.destroyForcibly();
    agent.waitFor(30, TimeUnit.SECONDS);

    Waits.until(
        "the killed agent's child is gone",
        Duration.ofSeconds(30),
        () -> Procs.withArgument(data.resolve("images").toString()).isEmpty());
    assertThat(data.resolve("instances/" + instance)).as("left behind by the kill").isDirectory();

    startAgent("agent-two-again", "pool-two", data);
    Waits.until(
        "the restarted agent deleted the old instance's folder",
        PATIENCE,
        () -> !Files.exists(data.resolve("instances/" + instance)));
    deployments.deleteDeployment("svc-killed");
  }

  private static String commandLine(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static DeploymentRequest request(String name, String image, String pool) {
    return new DeploymentRequest()
        .name(name)
        .image(image)
        .pool(pool)
        .memoryMiB(8)
        .restartPolicy(DeploymentRequest.RestartPolicyEnum.ALWAYS);
  }

  private Deployment awaitAvailable(String name) throws Exception {
    DeploymentsApi deployments = new DeploymentsApi(admin);
    Waits.until(
        "deployment " + name + " is available",
        PATIENCE,
        () -> deployments.getDeployment(name).getState() == Deployment.StateEnum.AVAILABLE);
    return deployments.getDeployment(name);
  }

  private Process startAgent(String name, String pool, Path data) throws Exception {
    Path log = environment.directory.resolve(name + ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                ItEnvironment.agentClassPath(),
                "dev.unicore.agent.local.LocalAgentApplication",
                "--unicore.agent.name=" + name,
                "--unicore.agent.pool=" + pool,
                "--unicore.agent.capacity=8",
                "--unicore.agent.control-plane-url=http://127.0.0.1:" + port,
                "--unicore.agent.token=" + agentToken,
                "--unicore.agent.heartbeat-interval=500ms",
                "--unicore.agent.data-directory=" + data,
                "--unicore.agent.registry.url=" + environment.registry.url(),
                "--unicore.agent.registry.username=" + TestRegistry.AGENT,
                "--unicore.agent.registry.password=" + TestRegistry.AGENT_SECRET,
                "--unicore.agent.qemu.accelerator=auto")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    agents.add(process);
    AgentsApi agentsApi = new AgentsApi(admin);
    Waits.until(
        name + " registered (log: " + log + ")",
        PATIENCE,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(name + " exited; see " + log);
          }
          try {
            return agentsApi.listAgents().stream().anyMatch(agent -> agent.getName().equals(name));
          } catch (ApiException e) {
            return false;
          }
        });
    return process;
  }

  private static ApiClient client(String token) {
    return ControlPlaneClients.create(
        URI.create("http://127.0.0.1:" + port), token, Duration.ofSeconds(30));
  }
}
