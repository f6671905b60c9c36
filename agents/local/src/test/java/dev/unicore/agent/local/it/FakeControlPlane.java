package dev.unicore.agent.local.it;

import dev.unicore.agent.local.reconcile.ControlPlane;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane's side of the agents' protocol, played by the test: it holds the assignments
 * the test sets and records every report the agent sends. Like the real one, it forgets an instance
 * once the agent reported it {@code stopped} while its desired state was {@code stop}.
 */
final class FakeControlPlane implements ControlPlane {
  private final Map<Long, Assignment> assignments = new LinkedHashMap<>();
  private final List<List<InstanceReport>> heartbeats = new ArrayList<>();
  private Registration registration;

  @Override
  public synchronized long register(Registration registration) {
    this.registration = registration;
    return 7;
  }

  @Override
  public synchronized Assignments heartbeat(long agentId, List<InstanceReport> reports) {
    if (agentId != 7) {
      throw new AssertionError("heartbeat from unknown agent " + agentId);
    }
    heartbeats.add(List.copyOf(reports));
    for (InstanceReport report : reports) {
      Assignment assignment = assignments.get(report.id());
      if (assignment != null
          && assignment.desired() == Desired.STOP
          && report.state() == dev.unicore.agent.local.runtime.InstanceState.STOPPED) {
        assignments.remove(report.id());
      }
    }
    return new Assignments(Instant.now().plusSeconds(15), new ArrayList<>(assignments.values()));
  }

  synchronized void assign(Assignment assignment) {
    assignments.put(assignment.spec().id(), assignment);
  }

  /** Drops an instance from the answers, as when the control plane placed it elsewhere. */
  synchronized void forget(long id) {
    assignments.remove(id);
  }

  synchronized boolean assigned(long id) {
    return assignments.containsKey(id);
  }

  synchronized Registration registration() {
    return registration;
  }

  /** The last report of an instance. */
  synchronized Optional<InstanceReport> last(long id) {
    for (int index = heartbeats.size() - 1; index >= 0; index--) {
      for (InstanceReport report : heartbeats.get(index)) {
        if (report.id() == id) {
          return Optional.of(report);
        }
      }
    }
    return Optional.empty();
  }

  /** Every report of an instance, oldest first. */
  synchronized List<InstanceReport> history(long id) {
    List<InstanceReport> history = new ArrayList<>();
    for (List<InstanceReport> heartbeat : heartbeats) {
      for (InstanceReport report : heartbeat) {
        if (report.id() == id) {
          history.add(report);
        }
      }
    }
    return history;
  }

  synchronized int heartbeatCount() {
    return heartbeats.size();
  }
}
