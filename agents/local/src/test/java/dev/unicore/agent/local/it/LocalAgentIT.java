package dev.unicore.agent.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.agent.local.image.ImageStore;
import dev.unicore.agent.local.image.RegistrySettings;
import dev.unicore.agent.local.lifecycle.LocalAgent;
import dev.unicore.agent.local.reconcile.ControlPlane.Assignment;
import dev.unicore.agent.local.reconcile.ControlPlane.Desired;
import dev.unicore.agent.local.reconcile.ControlPlane.InstanceReport;
import dev.unicore.agent.local.reconcile.ControlPlane.Registration;
import dev.unicore.agent.local.runtime.InstanceSpec;
import dev.unicore.agent.local.runtime.InstanceState;
import dev.unicore.agent.local.runtime.RestartPolicy;
import dev.unicore.agent.local.runtime.RuntimeSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent in this JVM against a fake of the protocol, with everything else real: the registry's
 * jar as a process (token auth, a pull-only account for the agent), images pulled and verified over
 * the OCI protocol, QEMU under software emulation, linuxu kernels as Linux processes.
 */
class LocalAgentIT {
  private static final AtomicLong IDS = new AtomicLong(100);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private ItEnvironment environment;
  private FakeControlPlane controlPlane;
  private Path data;
  private LocalAgent agent;

  @BeforeEach
  void startAgent() throws Exception {
    environment = ItEnvironment.get();
    controlPlane = new FakeControlPlane();
    data = Files.createTempDirectory(environment.directory, "agent-");
    RuntimeSettings runtime = runtime();
    RegistrySettings registry =
        new RegistrySettings(
            URI.create(environment.registry.url()),
            TestRegistry.AGENT,
            TestRegistry.AGENT_SECRET,
            Duration.ofSeconds(30),
            64L << 20);
    agent =
        new LocalAgent(
                controlPlane,
                new Registration("it-agent", "local", List.of("qemu", "linuxu"), 16),
                new ImageStore(registry, data.resolve("images")),
                runtime,
                data,
                Duration.ofMillis(200))
            .start();
  }

  private static RuntimeSettings runtime() {
    return new RuntimeSettings(
        "pc",
        "tcg",
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        2,
        Duration.ofSeconds(2),
        4096,
        64 * 1024,
        true);
  }

  @AfterEach
  void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void anInstanceOfEachPlatformStartsAndReachesRunning() throws Exception {
    long qemu = assign(environment.serviceQemu.digest(), "qemu", "", RestartPolicy.ALWAYS);
    long linuxu = assign(environment.serviceLinuxu.digest(), "linuxu", "", RestartPolicy.ALWAYS);

    InstanceReport qemuReport = awaitState(qemu, InstanceState.RUNNING);
    InstanceReport linuxuReport = awaitState(linuxu, InstanceState.RUNNING);

    assertThat(qemuReport.consoleTail())
        .contains("UNICORE:START app=hello-service plat=qemu arch=x86_64");
    assertThat(linuxuReport.consoleTail())
        .contains("UNICORE:START app=hello-service plat=linuxu arch=x86_64");
    assertThat(Procs.alive(pid(qemu))).isTrue();
    assertThat(Procs.alive(pid(linuxu))).isTrue();
    assertThat(Files.readString(Path.of("/proc/" + pid(qemu) + "/cmdline")))
        .contains("qemu-system-x86_64")
        .contains(data.toString());
    assertThat(controlPlane.registration().platforms()).containsExactly("qemu", "linuxu");
  }

  @Test
  void anIndexDigestRunsTheImageOfTheInstancesPlatform() throws Exception {
    long linuxu = assign(environment.serviceIndex, "linuxu", "", RestartPolicy.ALWAYS);
    long qemu = assign(environment.serviceIndex, "qemu", "", RestartPolicy.ALWAYS);

    assertThat(awaitState(linuxu, InstanceState.RUNNING).consoleTail()).contains("plat=linuxu");
    assertThat(awaitState(qemu, InstanceState.RUNNING).consoleTail()).contains("plat=qemu");
    assertThat(
            Files.readString(
                data.resolve(
                    "images/" + environment.serviceIndex.substring(7) + "-linuxu/image.json")))
        .contains(environment.serviceLinuxu.digest());
  }

  @Test
  void restartsBackOffExponentially() throws Exception {
    long id = assign(environment.helloLinuxu.digest(), "linuxu", "", RestartPolicy.ALWAYS);

    Waits.until(
        "three restarts",
        PATIENCE,
        () -> controlPlane.last(id).map(report -> report.restarts() >= 3).orElse(false));

    String tail = controlPlane.last(id).orElseThrow().consoleTail();
    assertThat(tail)
        .containsSubsequence("restarting in 0.2 s", "restarting in 0.4 s", "restarting in 0.8 s");
    assertThat(controlPlane.last(id).orElseThrow().exitStatus()).isZero();
  }

  @Test
  void credentialsTheRegistryRefusesKeepTheInstanceStartingWithTheReason() throws Exception {
    FakeControlPlane otherPlane = new FakeControlPlane();
    Path otherData = Files.createTempDirectory(environment.directory, "agent-bad-credentials-");
    LocalAgent other =
        new LocalAgent(
                otherPlane,
                new Registration("it-agent-2", "local", List.of("linuxu"), 4),
                new ImageStore(
                    new RegistrySettings(
                        URI.create(environment.registry.url()),
                        TestRegistry.AGENT,
                        "not-the-secret",
                        Duration.ofSeconds(30),
                        64L << 20),
                    otherData.resolve("images")),
                runtime(),
                otherData,
                Duration.ofMillis(200))
            .start();
    try {
      long id = IDS.incrementAndGet();
      otherPlane.assign(
          new Assignment(
              spec(id, environment.serviceLinuxu.digest(), "linuxu", "", RestartPolicy.ALWAYS),
              Desired.RUN));

      Waits.until(
          "the refusal is reported",
          PATIENCE,
          () ->
              otherPlane
                  .last(id)
                  .map(report -> report.consoleTail().contains("cannot pull the image yet"))
                  .orElse(false));
      InstanceReport report = otherPlane.last(id).orElseThrow();
      assertThat(report.state()).isEqualTo(InstanceState.STARTING);
      assertThat(report.consoleTail()).contains("token endpoint refused the agent (401)");
    } finally {
      other.close();
    }
  }

  @Test
  void aProcessKilledFromOutsideIsRestartedAndCounted() throws Exception {
    long qemu = assign(environment.serviceQemu.digest(), "qemu", "", RestartPolicy.ALWAYS);
    long linuxu =
        assign(environment.serviceLinuxu.digest(), "linuxu", "", RestartPolicy.ON_FAILURE);
    awaitState(qemu, InstanceState.RUNNING);
    awaitState(linuxu, InstanceState.RUNNING);
    long qemuPid = pid(qemu);
    long linuxuPid = pid(linuxu);

    ProcessHandle.of(qemuPid).orElseThrow().destroyForcibly();
    ProcessHandle.of(linuxuPid).orElseThrow().destroyForcibly();

    for (long id : List.of(qemu, linuxu)) {
      Waits.until(
          "instance " + id + " runs again after one restart",
          PATIENCE,
          () -> {
            InstanceReport last = controlPlane.last(id).orElseThrow();
            return last.restarts() == 1 && last.state() == InstanceState.RUNNING;
          });
      InstanceReport report = controlPlane.last(id).orElseThrow();
      assertThat(report.consoleTail())
          .contains("ended without an exit marker, process exit code 137");
      assertThat(report.exitStatus()).isEqualTo(137);
    }
    assertThat(pid(qemu)).isNotEqualTo(qemuPid);
    assertThat(pid(linuxu)).isNotEqualTo(linuxuPid);
    assertThat(Procs.alive(qemuPid)).isFalse();
  }

  @Test
  void restartPolicyNeverReportsTheFailureWithItsExitStatus() throws Exception {
    long id = assign(environment.helloLinuxu.digest(), "linuxu", "--exit=3", RestartPolicy.NEVER);

    InstanceReport report = awaitState(id, InstanceState.FAILED);

    assertThat(report.exitStatus()).isEqualTo(3);
    assertThat(report.restarts()).isZero();
    assertThat(report.consoleTail())
        .contains("UNICORE:EXIT status=3")
        .contains("not restarting; failed");
  }

  @Test
  void onFailureGivesUpAfterItsRestartsAndACleanExitIsAStop() throws Exception {
    long failing =
        assign(environment.helloLinuxu.digest(), "linuxu", "--exit=5", RestartPolicy.ON_FAILURE);
    long clean = assign(environment.helloLinuxu.digest(), "linuxu", "", RestartPolicy.ON_FAILURE);

    InstanceReport failed = awaitState(failing, InstanceState.FAILED);
    InstanceReport stopped = awaitState(clean, InstanceState.STOPPED);

    assertThat(failed.restarts()).isEqualTo(2);
    assertThat(failed.exitStatus()).isEqualTo(5);
    assertThat(failed.consoleTail()).contains("gave up after 2 restarts in a row");
    assertThat(stopped.exitStatus()).isZero();
    assertThat(stopped.restarts()).isZero();
    assertThat(data.resolve("instances/" + clean)).as("kept until stopped").isDirectory();
  }

  @Test
  void desiredStopEndsTheProcessDeletesItsFilesAndReportsStoppedOnce() throws Exception {
    long id = assign(environment.serviceQemu.digest(), "qemu", "", RestartPolicy.ALWAYS);
    awaitState(id, InstanceState.RUNNING);
    long pid = pid(id);
    Path folder = data.resolve("instances/" + id);
    assertThat(folder.resolve("console.log")).content().contains("UNICORE:START");

    controlPlane.assign(
        new Assignment(
            spec(id, environment.serviceQemu.digest(), "qemu", "", RestartPolicy.ALWAYS),
            Desired.STOP));

    Waits.until(
        "the control plane forgot instance " + id, PATIENCE, () -> !controlPlane.assigned(id));
    assertThat(Procs.alive(pid)).isFalse();
    assertThat(folder).doesNotExist();
    int heartbeats = controlPlane.heartbeatCount();
    Waits.until(
        "two more heartbeats", PATIENCE, () -> controlPlane.heartbeatCount() >= heartbeats + 2);
    assertThat(
            controlPlane.history(id).stream()
                .filter(report -> report.state() == InstanceState.STOPPED))
        .hasSize(1);
    assertThat(agent.reconciler().instance(id)).isEmpty();
  }

  @Test
  void anInstanceNoLongerAssignedIsStoppedToo() throws Exception {
    long id = assign(environment.serviceLinuxu.digest(), "linuxu", "", RestartPolicy.ALWAYS);
    awaitState(id, InstanceState.RUNNING);
    long pid = pid(id);

    controlPlane.forget(id);

    Waits.until(
        "instance " + id + " is gone", PATIENCE, () -> agent.reconciler().instance(id).isEmpty());
    assertThat(Procs.alive(pid)).isFalse();
    assertThat(controlPlane.last(id).orElseThrow().state()).isEqualTo(InstanceState.STOPPED);
  }

  @Test
  void aTamperedLayerIsRefusedAndReportedFailed() throws Exception {
    TestRegistry.Pushed image = uniqueImage("apps/tampered-layer");
    environment.registry.tamper(image.layerDigest());

    long id = assign(image.digest(), "linuxu", "", RestartPolicy.ALWAYS);
    InstanceReport report = awaitState(id, InstanceState.FAILED);

    assertThat(report.consoleTail())
        .contains("refused: digest mismatch: blob " + image.layerDigest());
    assertThat(report.restarts()).isZero();
    assertThat(agent.reconciler().instance(id).orElseThrow().pid()).isEmpty();
    try (var entries = Files.list(data.resolve("images"))) {
      assertThat(entries.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.startsWith(image.digest().substring(7)));
    }
  }

  @Test
  void aTamperedManifestIsRefusedAndReportedFailed() throws Exception {
    TestRegistry.Pushed image = uniqueImage("apps/tampered-manifest");
    environment.registry.tamper(image.digest());

    long id = assign(image.digest(), "linuxu", "", RestartPolicy.ALWAYS);
    InstanceReport report = awaitState(id, InstanceState.FAILED);

    assertThat(report.consoleTail())
        .contains("refused: digest mismatch: manifest " + image.digest());
  }

  @Test
  void anImageForAnotherPlatformIsRefused() throws Exception {
    long id = assign(environment.serviceQemu.digest(), "linuxu", "", RestartPolicy.ALWAYS);

    InstanceReport report = awaitState(id, InstanceState.FAILED);

    assertThat(report.consoleTail())
        .contains("is built for platform qemu, the instance asks for linuxu");
  }

  @Test
  void closingTheAgentStopsEveryChildAndDeletesTheInstanceFiles() throws Exception {
    long qemu = assign(environment.serviceQemu.digest(), "qemu", "", RestartPolicy.ALWAYS);
    long linuxu = assign(environment.serviceLinuxu.digest(), "linuxu", "", RestartPolicy.ALWAYS);
    awaitState(qemu, InstanceState.RUNNING);
    awaitState(linuxu, InstanceState.RUNNING);
    assertThat(Procs.withArgument(data.toString())).hasSize(2);

    agent.close();
    agent = null;

    assertThat(Procs.withArgument(data.toString())).isEmpty();
    assertThat(data.resolve("instances")).doesNotExist();
    assertThat(
            ProcessHandle.current()
                .children()
                .filter(child -> child.info().commandLine().orElse("").contains(data.toString())))
        .isEmpty();
  }

  private TestRegistry.Pushed uniqueImage(String repository) throws Exception {
    byte[] kernel = environment.helloLinuxuKernel;
    byte[] unique = java.util.Arrays.copyOf(kernel, kernel.length + 16);
    byte[] suffix = Long.toString(System.nanoTime()).getBytes();
    System.arraycopy(suffix, 0, unique, kernel.length, Math.min(16, suffix.length));
    return environment.registry.push(
        repository, "t" + System.nanoTime(), "linuxu", "hello", unique);
  }

  private long assign(String digest, String platform, String commandLine, RestartPolicy policy) {
    long id = IDS.incrementAndGet();
    controlPlane.assign(
        new Assignment(spec(id, digest, platform, commandLine, policy), Desired.RUN));
    return id;
  }

  private InstanceSpec spec(
      long id, String digest, String platform, String commandLine, RestartPolicy policy) {
    return new InstanceSpec(
        id,
        "it-" + id,
        environment.registry.repositoryOf(digest),
        digest,
        platform,
        8,
        1,
        commandLine,
        Map.of("GREETING", "hi"),
        policy);
  }

  private InstanceReport awaitState(long id, InstanceState state) throws Exception {
    Waits.until(
        "instance " + id + " is reported " + state + " (last: " + controlPlane.last(id) + ")",
        PATIENCE,
        () -> controlPlane.last(id).map(report -> report.state() == state).orElse(false));
    return controlPlane.last(id).orElseThrow();
  }

  private long pid(long id) {
    return agent.reconciler().instance(id).orElseThrow().pid().orElseThrow();
  }
}
