package dev.unicore.agent.local.reconcile;

import dev.unicore.agent.local.runtime.InstanceSpec;
import dev.unicore.agent.local.runtime.InstanceState;
import java.time.Instant;
import java.util.List;

/**
 * The agents' protocol as the agent sees it (tags {@code agents} of {@code openapi/unicore.yaml}):
 * register once, then heartbeat with a report of every instance and get back the instances to run
 * or stop. The REST adapter implements it over the generated client; tests fake it.
 */
public interface ControlPlane {
  /** Who the agent is. */
  record Registration(String name, String pool, List<String> platforms, int capacity) {
    public Registration {
      platforms = List.copyOf(platforms);
    }
  }

  /** One instance's state for the control plane. */
  record InstanceReport(
      long id, InstanceState state, int restarts, Integer exitStatus, String consoleTail) {}

  /** What the control plane wants of one instance. */
  enum Desired {
    RUN,
    STOP
  }

  /** One instance assigned to the agent. */
  record Assignment(InstanceSpec spec, Desired desired) {}

  /** The answer to a heartbeat: the agent's lease and its instances. */
  record Assignments(Instant leaseExpiresAt, List<Assignment> instances) {
    public Assignments {
      instances = List.copyOf(instances);
    }
  }

  /** The control plane could not be reached or refused the call. */
  final class ControlPlaneException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean agentUnknown;

    public ControlPlaneException(String message, boolean agentUnknown, Throwable cause) {
      super(message, cause);
      this.agentUnknown = agentUnknown;
    }

    /** The control plane does not know this agent id (404): register again. */
    public boolean agentUnknown() {
      return agentUnknown;
    }
  }

  /** Registers the agent; returns its id. */
  long register(Registration registration) throws ControlPlaneException;

  Assignments heartbeat(long agentId, List<InstanceReport> reports) throws ControlPlaneException;
}
