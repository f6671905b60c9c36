package dev.unicore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.buildtool.platform.LocalPlatform;
import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.BuildsApi;
import dev.unicore.client.api.CatalogApi;
import dev.unicore.client.api.DeploymentsApi;
import dev.unicore.client.api.RecipesApi;
import dev.unicore.client.invoker.ApiClient;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.Build;
import dev.unicore.client.model.BuildRequest;
import dev.unicore.client.model.Deployment;
import dev.unicore.client.model.DeploymentRequest;
import dev.unicore.client.model.DeploymentUpdate;
import dev.unicore.client.model.Instance;
import dev.unicore.client.model.RecipeRequest;
import dev.unicore.client.model.Task;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on the real platform, started as `unicore up` starts it (every part its own
 * process) and driven only through the REST API and the OCI protocol: import the catalog, create a
 * recipe, build two targets, find both images in the registry with skopeo, deploy, see the instance
 * run, kill its QEMU process and see the agent restart it, roll out a new version, delete, and find
 * nothing left running.
 */
class PlatformLoopIT {
  private static final Duration PATIENCE = Duration.ofMinutes(4);

  @TempDir static Path data;
  private static LocalPlatform platform;
  private static LocalPlatform.Endpoints endpoints;
  private static ApiClient admin;

  @BeforeAll
  static void startThePlatform() throws Exception {
    Path home = Path.of(System.getProperty("unicore.home", "..")).toAbsolutePath().normalize();
    // JUnit makes the folder private (700); the worker's sandboxed builds run as other users and
    // must reach their task folders inside it, as they reach .unicore/ under `unicore up`.
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    platform =
        new LocalPlatform(
            new LocalPlatform.Options(home, data, freePort(), freePort(), false),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    endpoints = platform.start();
    admin =
        ControlPlaneClients.create(
            URI.create(endpoints.api()), endpoints.token(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopThePlatform() {
    if (platform != null) {
      long agent = platform.pid("agent");
      platform.close();
      assertThat(ProcessHandle.of(agent)).as("the agent process").isEmpty();
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .as("processes left behind by the platform")
        .isEmpty();
  }

  @Test
  void fromRecipeToARunningInstanceAndBackToNothing() throws Exception {
    assertThat(new CatalogApi(admin).importCatalog().getUnchanged()).isNotNull();
    RecipesApi recipes = new RecipesApi(admin);
    recipes.createRecipe(recipe("first"));

    Build first = buildAndWait("loop");
    assertThat(first.getTasks())
        .extracting(Task::getTarget)
        .containsExactlyInAnyOrder("qemu/x86_64", "linuxu/x86_64");
    for (Task task : first.getTasks()) {
      String inspected =
          run(
              "skopeo",
              "inspect",
              "--tls-verify=false",
              "--raw",
              "docker://" + endpoints.registry() + "/unicore/loop@" + task.getImageDigest());
      assertThat(inspected).contains("dev.unicore.platform").contains("com.urunc.unikernel.binary");
    }
    String firstImage = "unicore/loop@" + qemuDigest(first);

    DeploymentsApi deployments = new DeploymentsApi(admin);
    deployments.createDeployment(
        new DeploymentRequest()
            .name("loop")
            .image(firstImage)
            .platform(DeploymentRequest.PlatformEnum.QEMU)
            .memoryMiB(16)
            .replicas(1));
    Instance running = awaitRunning(deployments, qemuDigest(first));

    List<ProcessHandle> qemu = qemuProcesses();
    assertThat(qemu).as("the instance's QEMU process under the agent").hasSize(1);
    qemu.get(0).destroyForcibly();
    await(
        () -> {
          Instance now = instances(deployments).get(0);
          return now.getRestarts() >= 1 && now.getState() == Instance.StateEnum.RUNNING;
        },
        "the agent restarts the killed instance");
    assertThat(qemuProcesses()).hasSize(1).doesNotContain(qemu.get(0));
    assertThat(instances(deployments).get(0).getId()).isEqualTo(running.getId());

    recipes.updateRecipe("loop", recipe("second"));
    Build second = buildAndWait("loop");
    String secondDigest = qemuDigest(second);
    assertThat(secondDigest).isNotEqualTo(qemuDigest(first));
    deployments.updateDeployment(
        "loop", new DeploymentUpdate().image("unicore/loop@" + secondDigest));
    await(
        () -> {
          Deployment now = deployments.getDeployment("loop");
          return now.getState() == Deployment.StateEnum.AVAILABLE
              && now.getInstances().size() == 1
              && now.getInstances().get(0).getImageDigest().equals(secondDigest);
        },
        "the rollout replaces the instance with the new version");

    deployments.deleteDeployment("loop");
    await(
        () -> {
          try {
            deployments.getDeployment("loop");
            return false;
          } catch (ApiException gone) {
            return gone.getCode() == 404 && qemuProcesses().isEmpty();
          }
        },
        "the deployment is gone and no QEMU process is left");
  }

  private static RecipeRequest recipe(String greeting) {
    return new RecipeRequest()
        .name("loop")
        .application("hello-service")
        .requires(List.of("console", "process", "libc", "thread"))
        .targets(List.of("qemu/x86_64", "linuxu/x86_64"))
        .commandLine(greeting);
  }

  private static Build buildAndWait(String recipe) throws Exception {
    BuildsApi builds = new BuildsApi(admin);
    Build build = builds.createBuild(new BuildRequest().recipe(recipe));
    long id = build.getId();
    await(
        () -> {
          Build now = builds.getBuild(id);
          return now.getState() != Build.StateEnum.QUEUED
              && now.getState() != Build.StateEnum.RUNNING;
        },
        "build " + id + " finishes");
    Build done = builds.getBuild(id);
    assertThat(done.getState()).as("build %d: %s", id, done).isEqualTo(Build.StateEnum.SUCCEEDED);
    return done;
  }

  private static String qemuDigest(Build build) {
    return build.getTasks().stream()
        .filter(task -> task.getTarget().equals("qemu/x86_64"))
        .findFirst()
        .orElseThrow()
        .getImageDigest();
  }

  private static Instance awaitRunning(DeploymentsApi deployments, String digest) throws Exception {
    await(
        () -> {
          List<Instance> instances = instances(deployments);
          return instances.size() == 1
              && instances.get(0).getState() == Instance.StateEnum.RUNNING
              && instances.get(0).getImageDigest().equals(digest);
        },
        "the instance runs");
    return instances(deployments).get(0);
  }

  private static List<Instance> instances(DeploymentsApi deployments) throws ApiException {
    return deployments.getDeployment("loop").getInstances().stream()
        .filter(instance -> instance.getDesired() == Instance.DesiredEnum.RUN)
        .toList();
  }

  /** QEMU processes started by the agent (the platform runs no other). */
  private static List<ProcessHandle> qemuProcesses() {
    return ProcessHandle.of(platform.pid("agent")).stream()
        .flatMap(ProcessHandle::descendants)
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                process
                    .info()
                    .command()
                    .map(command -> command.contains("qemu-system"))
                    .orElse(false))
        .toList();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition, String what) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
