package dev.unicore.agent.local.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.agent.local.image.ImageException;
import dev.unicore.agent.local.image.KernelSource;
import dev.unicore.agent.local.reconcile.ControlPlane.Assignment;
import dev.unicore.agent.local.reconcile.ControlPlane.Assignments;
import dev.unicore.agent.local.reconcile.ControlPlane.ControlPlaneException;
import dev.unicore.agent.local.reconcile.ControlPlane.Desired;
import dev.unicore.agent.local.reconcile.ControlPlane.InstanceReport;
import dev.unicore.agent.local.reconcile.ControlPlane.Registration;
import dev.unicore.agent.local.runtime.InstanceSpec;
import dev.unicore.agent.local.runtime.InstanceState;
import dev.unicore.agent.local.runtime.InstanceSupervisor;
import dev.unicore.agent.local.runtime.RestartPolicy;
import dev.unicore.agent.local.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol loop without processes: every image is refused, so instances fail at once and
 * nothing is started. What is checked is the conversation: registration, reports, the agent
 * registering again when the control plane forgot it (and dropping the old instances), and
 * heartbeats resuming after the control plane was unreachable.
 */
class AgentLoopTest {
  @TempDir Path directory;
  private AgentLoop loop;

  /** A control plane that can forget the agent or be unreachable on demand. */
  private static final class ScriptedControlPlane implements ControlPlane {
    final List<Registration> registrations = new ArrayList<>();
    final List<Long> heartbeatIds = new ArrayList<>();
    final List<List<InstanceReport>> reports = new ArrayList<>();
    List<Assignment> assignments = List.of();
    boolean forgetAgent;
    int unreachable;

    @Override
    public synchronized long register(Registration registration) throws ControlPlaneException {
      if (unreachable > 0) {
        unreachable--;
        throw new ControlPlaneException("connection refused", false, null);
      }
      registrations.add(registration);
      return registrations.size();
    }

    @Override
    public synchronized Assignments heartbeat(long agentId, List<InstanceReport> sent)
        throws ControlPlaneException {
      if (unreachable > 0) {
        unreachable--;
        throw new ControlPlaneException("connection refused", false, null);
      }
      if (forgetAgent) {
        forgetAgent = false;
        assignments = List.of();
        throw new ControlPlaneException("heartbeat failed with 404", true, null);
      }
      heartbeatIds.add(agentId);
      reports.add(List.copyOf(sent));
      return new Assignments(Instant.now().plusSeconds(15), assignments);
    }

    synchronized InstanceReport last(long id) {
      for (int index = reports.size() - 1; index >= 0; index--) {
        for (InstanceReport report : reports.get(index)) {
          if (report.id() == id) {
            return report;
          }
        }
      }
      return null;
    }
  }

  private final KernelSource refusing =
      (repository, digest, platform) -> {
        throw ImageException.refused("test images are refused");
      };

  private final RuntimeSettings settings =
      new RuntimeSettings(
          "pc",
          "tcg",
          Duration.ofMillis(50),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          1,
          Duration.ofSeconds(1),
          1024,
          4096,
          false);

  private AgentLoop start(ScriptedControlPlane controlPlane) {
    Reconciler reconciler =
        new Reconciler(
            spec ->
                new InstanceSupervisor(
                    spec,
                    directory.resolve(Long.toString(spec.id())),
                    refusing,
                    settings,
                    () -> {}));
    loop =
        new AgentLoop(
            controlPlane,
            reconciler,
            new Registration("unit", "local", List.of("linuxu"), 2),
            Duration.ofMillis(20),
            Duration.ofMillis(5));
    loop.start();
    return loop;
  }

  @AfterEach
  void close() {
    if (loop != null) {
      loop.close();
    }
  }

  private static Assignment run(long id) {
    return new Assignment(
        new InstanceSpec(
            id,
            "d",
            "apps/x",
            "sha256:" + "0".repeat(64),
            "linuxu",
            8,
            1,
            "",
            Map.of(),
            RestartPolicy.ALWAYS),
        Desired.RUN);
  }

  private static void await(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void registersOnceAndReportsARefusedImageAsFailedWithTheReason() throws Exception {
    ScriptedControlPlane controlPlane = new ScriptedControlPlane();
    controlPlane.assignments = List.of(run(1));
    start(controlPlane);

    await(
        "instance 1 reported failed",
        () -> {
          InstanceReport report = controlPlane.last(1);
          return report != null && report.state() == InstanceState.FAILED;
        });

    assertThat(controlPlane.registrations).hasSize(1);
    assertThat(controlPlane.registrations.get(0).platforms()).containsExactly("linuxu");
    assertThat(controlPlane.last(1).consoleTail()).contains("refused: test images are refused");
    assertThat(controlPlane.last(1).restarts()).isZero();
  }

  @Test
  void anAgentTheControlPlaneForgotRegistersAgainAndDropsItsOldInstances() throws Exception {
    ScriptedControlPlane controlPlane = new ScriptedControlPlane();
    controlPlane.assignments = List.of(run(1));
    AgentLoop agent = start(controlPlane);
    await("instance 1 reported", () -> controlPlane.last(1) != null);

    synchronized (controlPlane) {
      controlPlane.forgetAgent = true;
    }

    await("a second registration", () -> agent.agentId() != null && agent.agentId() == 2);
    await(
        "instance 1 reported stopped under the new id, then forgotten",
        () -> {
          synchronized (controlPlane) {
            int last = controlPlane.heartbeatIds.lastIndexOf(2L);
            return last > 0
                && controlPlane.reports.get(last).isEmpty()
                && controlPlane.reports.stream()
                    .flatMap(List::stream)
                    .anyMatch(
                        report -> report.id() == 1 && report.state() == InstanceState.STOPPED);
          }
        });
  }

  @Test
  void heartbeatsResumeAfterTheControlPlaneWasUnreachable() throws Exception {
    ScriptedControlPlane controlPlane = new ScriptedControlPlane();
    controlPlane.unreachable = 3;
    AgentLoop agent = start(controlPlane);

    await("three heartbeats answered", () -> agent.heartbeats() >= 3);

    assertThat(controlPlane.registrations).hasSize(1);
    assertThat(agent.leaseExpiresAt()).isAfter(Instant.now());
  }
}
