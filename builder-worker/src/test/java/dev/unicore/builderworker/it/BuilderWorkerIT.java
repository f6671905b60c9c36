package dev.unicore.builderworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unicore.client.api.BuildsApi;
import dev.unicore.client.model.Build;
import dev.unicore.client.model.Task;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The worker against the real control plane, registry, compiler and QEMU, each worker a process of
 * its own. The tests run in order because one worker at a time may be registered: any registered
 * worker would lease the others' tasks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuilderWorkerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestPlatform platform;
  private static TestPlatform.Worker worker;

  @BeforeAll
  static void startWorker() throws Exception {
    platform = TestPlatform.get();
    worker = platform.startWorker();
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      worker.process().destroyForcibly();
    }
  }

  @Test
  @Order(1)
  void aRecipeWithTwoTargetsIsBuiltBootedAndPushed() throws Exception {
    platform.createRecipe(
        "hello-two",
        "hello",
        List.of("console", "process"),
        List.of("console"),
        List.of("qemu/x86_64", "linuxu/x86_64"),
        "world");
    Build build = platform.awaitBuild(platform.build("hello-two").getId(), Duration.ofSeconds(60));
    assertThat(build.getState().getValue()).as("build %s", build).isEqualTo("succeeded");
    assertThat(build.getTasks()).hasSize(2);

    for (Task task : build.getTasks()) {
      String target = task.getTarget();
      String platformName = target.substring(0, target.indexOf('/'));
      String log = platform.taskLog(task.getId());
      assertThat(log)
          .contains("CC ")
          .contains("console | UNICORE:START app=hello plat=" + platformName)
          .contains("smoke boot: passed")
          .contains("[worker] pushed unicore/hello-two:build-" + build.getId());
      assertThat(task.getKernelSizeBytes()).isPositive();

      String tag = "build-" + build.getId() + "." + platformName + ".x86_64";
      String raw =
          platform.skopeo(
              "inspect",
              "--raw",
              "--tls-verify=false",
              "--creds",
              TestPlatform.REGISTRY_USER + ":" + TestPlatform.REGISTRY_PASSWORD,
              platform.imageReference("unicore/hello-two", tag));
      assertThat(
              dev.unicore.builderworker.image.Blob.sha256(
                  raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .as("the reported digest is the pushed manifest's")
          .isEqualTo(task.getImageDigest());
      JsonNode manifest = JSON.readTree(raw);
      JsonNode annotations = manifest.get("annotations");
      assertThat(annotations.get("dev.unicore.platform").asText()).isEqualTo(platformName);
      assertThat(annotations.get("dev.unicore.build-id").asText())
          .isEqualTo(build.getId().toString());
      assertThat(annotations.get("dev.unicore.libraries").asText()).contains("console@");
      assertThat(annotations.get("dev.unicore.smoke-boot").asText()).isEqualTo("passed");
      assertThat(annotations.get("com.urunc.unikernel.binary").asText())
          .isEqualTo("/unikernel/hello.elf");
      assertThat(annotations.get("com.urunc.unikernel.cmdline").asText()).isEqualTo("world");
      assertThat(annotations.get("com.urunc.unikernel.hypervisor").asText())
          .isEqualTo(platformName.equals("qemu") ? "qemu" : "none");

      JsonNode config =
          JSON.readTree(
              platform.skopeo(
                  "inspect",
                  "--config",
                  "--tls-verify=false",
                  "--creds",
                  TestPlatform.REGISTRY_USER + ":" + TestPlatform.REGISTRY_PASSWORD,
                  platform.imageReference("unicore/hello-two", tag)));
      assertThat(config.get("os").asText()).isEqualTo("linux");
      assertThat(config.get("architecture").asText()).isEqualTo("amd64");
      assertThat(config.at("/config/Labels/dev.unicore.platform").asText()).isEqualTo(platformName);

      JsonNode referrers =
          JSON.readTree(
              platform.registryGet(
                  "unicore/hello-two", "/v2/unicore/hello-two/referrers/" + task.getImageDigest()));
      assertThat(referrers.get("manifests")).hasSize(1);
      assertThat(referrers.at("/manifests/0/artifactType").asText())
          .isEqualTo("application/vnd.cyclonedx+json");
    }

    JsonNode index =
        JSON.readTree(
            platform.skopeo(
                "inspect",
                "--raw",
                "--tls-verify=false",
                "--creds",
                TestPlatform.REGISTRY_USER + ":" + TestPlatform.REGISTRY_PASSWORD,
                platform.imageReference("unicore/hello-two", "build-" + build.getId())));
    assertThat(index.get("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(index.get("manifests").findValuesAsText("digest"))
        .containsExactlyInAnyOrderElementsOf(
            build.getTasks().stream().map(Task::getImageDigest).toList());
  }

  @Test
  @Order(2)
  void identicalInputsReuseTheEarlierBuildWithoutCompiling() throws Exception {
    double hitsBefore = worker.metric("unicore_worker_cache_hits_total");
    Build build = platform.awaitBuild(platform.build("hello-two").getId(), Duration.ofSeconds(60));
    assertThat(build.getState().getValue()).isEqualTo("succeeded");
    for (Task task : build.getTasks()) {
      String log = platform.taskLog(task.getId());
      assertThat(log)
          .contains("[worker] cache hit")
          .doesNotContain("CC ")
          .doesNotContain("console |");
    }
    assertThat(worker.metric("unicore_worker_cache_hits_total")).isEqualTo(hitsBefore + 2);
  }

  @Test
  @Order(3)
  void anApplicationThatCrashesAtBootFailsTheSmokeTestWithItsConsoleTail() throws Exception {
    platform.createRecipe(
        "probe-crash",
        "security-probe",
        List.of("console", "process", "libc", "exception", "malloc"),
        List.of("malloc"),
        List.of("linuxu/x86_64"),
        "read-null");
    Build build =
        platform.awaitBuild(platform.build("probe-crash").getId(), Duration.ofSeconds(60));
    assertThat(build.getState().getValue()).isEqualTo("failed");
    Task task = build.getTasks().get(0);
    assertThat(task.getFailureReason())
        .contains("smoke boot failed")
        .contains("crashed after UNICORE:START")
        .contains("status 122");
    assertThat(platform.taskLog(task.getId()))
        .contains("console tail:")
        .contains("  | CRASH: memory fault: read of an unmapped page at 0x0 (NULL pointer)");
    assertThat(worker.metric("unicore_worker_failures_total{cause=\"boot\"")).isEqualTo(1);
  }

  @Test
  @Order(4)
  void aCancelledBuildStopsWithinAHeartbeat() throws Exception {
    platform.createRecipe(
        "spin-cancel",
        "spin",
        List.of("console", "process"),
        List.of(),
        List.of("linuxu/x86_64"),
        "");
    Build build = platform.build("spin-cancel");
    long taskId = build.getTasks().get(0).getId();
    TestPlatform.await(
        "the smoke boot of spin runs",
        Duration.ofSeconds(60),
        () -> logContains(taskId, "console | spinning"));
    assertThat(spinProcesses()).as("spin runs under the worker").isPositive();

    long cancelled = System.nanoTime();
    new BuildsApi(platform.admin).cancelBuild(build.getId());
    TestPlatform.await(
        "the worker stopped the cancelled task",
        Duration.ofSeconds(10),
        () -> metric("unicore_worker_tasks_total{outcome=\"cancelled\"") == 1);
    Duration stopped = Duration.ofNanos(System.nanoTime() - cancelled);
    // Leases last 3 s here, so the worker beats every second; allow one beat plus the kill.
    assertThat(stopped).isLessThan(Duration.ofMillis(2500));
    assertThat(spinProcesses()).as("nothing of the build is left").isZero();
  }

  @Test
  @Order(5)
  void aBuildOverItsTimeLimitFailsWithThatReason() throws Exception {
    worker.process().destroy();
    worker.process().waitFor();
    worker =
        platform.startWorker(
            "--unicore.worker.sandbox.time-limit=4s", "--unicore.worker.smoke-timeout=60s");
    platform.createRecipe(
        "spin-limit",
        "spin",
        List.of("console", "process"),
        List.of(),
        List.of("linuxu/x86_64"),
        "");
    Build build = platform.awaitBuild(platform.build("spin-limit").getId(), Duration.ofSeconds(60));
    assertThat(build.getState().getValue()).isEqualTo("failed");
    assertThat(build.getTasks().get(0).getFailureReason())
        .isEqualTo("the build exceeded its time limit of 4 s and was stopped");
    assertThat(worker.metric("unicore_worker_failures_total{cause=\"time-limit\"")).isEqualTo(1);
    assertThat(spinProcesses()).isZero();
  }

  @Test
  @Order(6)
  void aWorkerKilledMidBuildLosesNothingAndAnotherFinishesTheTask() throws Exception {
    worker.process().destroy();
    worker.process().waitFor();
    TestPlatform.Worker doomed = platform.startWorker("--unicore.worker.smoke-timeout=60s");
    platform.createRecipe(
        "spin-kill",
        "spin",
        List.of("console", "process"),
        List.of(),
        List.of("linuxu/x86_64"),
        "");
    Build build = platform.build("spin-kill");
    long taskId = build.getTasks().get(0).getId();
    TestPlatform.await(
        "the first worker boots spin",
        Duration.ofSeconds(60),
        () -> logContains(taskId, "console | spinning"));

    doomed.process().destroyForcibly(); // SIGKILL: no drain, no goodbye
    doomed.process().waitFor();
    TestPlatform.await(
        "the killed worker's build died with it",
        Duration.ofSeconds(5),
        () -> spinProcessesAnywhere() == 0);

    worker = platform.startWorker("--unicore.worker.smoke-timeout=2s");
    Build done = platform.awaitBuild(build.getId(), Duration.ofSeconds(60));
    Task task = done.getTasks().get(0);
    assertThat(done.getState().getValue()).as("task %s", task).isEqualTo("succeeded");
    assertThat(task.getAttempts()).isEqualTo(2);
    assertThat(platform.taskLog(taskId))
        .contains("smoke boot: passed, reached UNICORE:START and was still running");
    JsonNode tags =
        JSON.readTree(platform.registryGet("unicore/spin-kill", "/v2/unicore/spin-kill/tags/list"));
    assertThat(tags.get("tags"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            "build-" + build.getId() + ".linuxu.x86_64", "build-" + build.getId());
  }

  private static boolean logContains(long taskId, String text) {
    try {
      return platform.taskLog(taskId).contains(text);
    } catch (Exception e) {
      return false;
    }
  }

  private static double metric(String prefix) {
    try {
      return worker.metric(prefix);
    } catch (Exception e) {
      return -1;
    }
  }

  /** Processes running a spin kernel under the current worker. */
  private static long spinProcesses() {
    return worker
        .process()
        .descendants()
        .filter(process -> process.info().command().orElse("").endsWith("spin.elf"))
        .count();
  }

  /** Processes running a spin kernel anywhere on the machine. */
  private static long spinProcessesAnywhere() {
    return ProcessHandle.allProcesses()
        .filter(process -> process.info().command().orElse("").endsWith("/spin.elf"))
        .count();
  }
}
