package dev.unicore.agent.local.reconcile;

import dev.unicore.agent.local.reconcile.ControlPlane.Assignment;
import dev.unicore.agent.local.reconcile.ControlPlane.Desired;
import dev.unicore.agent.local.reconcile.ControlPlane.InstanceReport;
import dev.unicore.agent.local.runtime.InstanceSpec;
import dev.unicore.agent.local.runtime.InstanceState;
import dev.unicore.agent.local.runtime.InstanceStatus;
import dev.unicore.agent.local.runtime.InstanceSupervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the instances on this machine match the control plane's assignments: every instance
 * assigned with {@code run} has a supervisor; one assigned with {@code stop}, or no longer
 * assigned, is stopped. A stopped instance is reported {@code stopped} once its process is gone and
 * its files deleted; after the control plane received that report ({@link #acknowledge}) the agent
 * forgets it.
 *
 * <p>Thread-safety: every method is synchronized; supervisors do their slow work (pulling, booting,
 * stopping) on their own threads, so no call here waits on a process.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  private final Function<InstanceSpec, InstanceSupervisor> supervisors;
  private final Map<Long, InstanceSupervisor> instances = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param supervisors makes the (not yet started) supervisor of an instance
   */
  public Reconciler(Function<InstanceSpec, InstanceSupervisor> supervisors) {
    this.supervisors = supervisors;
  }

  public synchronized void apply(List<Assignment> assignments) {
    if (closed) {
      return;
    }
    Set<Long> wanted = new HashSet<>();
    for (Assignment assignment : assignments) {
      long id = assignment.spec().id();
      if (assignment.desired() != Desired.RUN) {
        continue;
      }
      wanted.add(id);
      if (!instances.containsKey(id)) {
        log.info(
            "instance {} ({}): assigned, {} {}@{}",
            id,
            assignment.spec().deployment(),
            assignment.spec().platform(),
            assignment.spec().repository(),
            assignment.spec().imageDigest());
        InstanceSupervisor supervisor = supervisors.apply(assignment.spec());
        instances.put(id, supervisor);
        supervisor.start();
      }
    }
    instances.forEach(
        (id, supervisor) -> {
          if (!wanted.contains(id) && !supervisor.stopping()) {
            log.info("instance {} ({}): to stop", id, supervisor.spec().deployment());
            supervisor.stop();
          }
        });
  }

  /** The report of every instance the agent knows, in the order they were assigned. */
  public synchronized List<InstanceReport> reports() {
    List<InstanceReport> reports = new ArrayList<>();
    instances.forEach(
        (id, supervisor) -> {
          InstanceStatus status = supervisor.status();
          InstanceState state = status.terminated() ? InstanceState.STOPPED : status.state();
          reports.add(
              new InstanceReport(
                  id, state, status.restarts(), status.exitStatus(), status.consoleTail()));
        });
    return reports;
  }

  /** The control plane has these reports: stopped instances among them are forgotten. */
  public synchronized void acknowledge(List<InstanceReport> delivered) {
    for (InstanceReport report : delivered) {
      InstanceSupervisor supervisor = instances.get(report.id());
      if (supervisor != null
          && report.state() == InstanceState.STOPPED
          && supervisor.stopping()
          && supervisor.status().terminated()) {
        instances.remove(report.id());
      }
    }
  }

  /** The supervisor of an instance, while the agent knows it. */
  public synchronized Optional<InstanceSupervisor> instance(long id) {
    return Optional.ofNullable(instances.get(id));
  }

  public synchronized int size() {
    return instances.size();
  }

  /** Stops every instance and waits until every process is gone and every folder deleted. */
  @Override
  public void close() {
    List<InstanceSupervisor> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(instances.values());
    }
    all.forEach(InstanceSupervisor::stop);
    for (InstanceSupervisor supervisor : all) {
      try {
        if (!supervisor.awaitTermination(Duration.ofSeconds(30))) {
          log.warn("instance {} did not stop within 30 s", supervisor.spec().id());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    synchronized (this) {
      instances.clear();
    }
  }
}
