package dev.unicore.controlplane.deployments;

import dev.unicore.controlplane.deployments.DeploymentStore.AgentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.DeploymentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.InstanceRow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns one deployment's desired state into instances. Callers hold a transaction with {@link
 * DeploymentStore#lockPlacement}. The rules, applied on every change and every agent heartbeat:
 *
 * <ul>
 *   <li>An instance whose agent is silent (lease expired) becomes unknown and is told to stop; a
 *       replacement is placed like any missing instance.
 *   <li>Without a rollout, the current revision has exactly {@code replicas} instances to run:
 *       missing ones are placed, surplus ones stopped (unplaced first, then newest). A failed
 *       instance keeps its slot: its restart policy gave up on it, and the deployment is degraded.
 *   <li>During a rollout (instances of an older revision still run), one new instance is placed at
 *       a time, once every new one runs; each running new instance lets one old one stop. A failed
 *       new instance stops the rollout where it is: the old ones keep serving.
 *   <li>Except when the rollout is delegated: if every live agent the deployment may use is of kind
 *       {@code kubernetes}, the cluster performs the rolling update itself (its Deployment
 *       controller replaces pods at its own pace), so every old-revision instance is told to stop
 *       at once and the new revision's replicas are placed together, as without a rollout. With no
 *       live agent, or any agent of another kind among them, the one-at-a-time rollout applies.
 *   <li>Instances are placed on the least loaded live agent that runs the platform and has room;
 *       when none has, they wait unplaced (pending) for the next pass. The agents a deployment may
 *       use are the live agents of its pool, and for a deployment defined by a Kubernetes cluster
 *       ({@code managedBy}) only that cluster's agents (by name): its instances run in the cluster
 *       that defines them, never in another cluster of the same pool.
 * </ul>
 */
@Component
class Reconciler {
  private final DeploymentStore store;
  private final DeploymentsProperties properties;

  Reconciler(DeploymentStore store, DeploymentsProperties properties) {
    this.store = store;
    this.properties = properties;
  }

  void reconcile(long deploymentId, Instant now) {
    Optional<DeploymentRow> found = store.deployment(deploymentId);
    if (found.isEmpty()) {
      return;
    }
    DeploymentRow deployment = found.get();
    Map<Long, AgentRow> agents = liveAgents(deployment.pool(), deployment.managedBy(), now);
    for (InstanceRow instance : store.instances(deploymentId)) {
      boolean silent = instance.agentId() != null && !agents.containsKey(instance.agentId());
      if (silent && instance.running()) {
        store.markUnknown(instance.id(), now);
      } else if (silent && instance.updatedAt().plus(properties.agentLease()).isBefore(now)) {
        // Told to stop, and its agent silent for another lease: if the agent comes back, the
        // instance is not among its assignments, so the agent stops it anyway.
        store.deleteInstance(instance.id());
      }
    }
    List<InstanceRow> instances = store.instances(deploymentId);
    if (deployment.deletedAt() != null) {
      stopEverything(deployment, instances, now);
      return;
    }
    List<InstanceRow> current =
        instances.stream()
            .filter(InstanceRow::running)
            .filter(instance -> instance.revision() == deployment.revision())
            .toList();
    List<InstanceRow> old =
        instances.stream()
            .filter(InstanceRow::running)
            .filter(instance -> instance.revision() != deployment.revision())
            .toList();
    int replicas = deployment.replicas();
    if (!old.isEmpty() && delegatesRollouts(agents)) {
      old.forEach(retired -> stop(retired, now));
      old = List.of();
    }
    if (old.isEmpty()) {
      for (int missing = replicas - current.size(); missing > 0; missing--) {
        store.insertInstance(deploymentId, deployment.revision(), null, now);
      }
      current.stream()
          .sorted(
              Comparator.comparing((InstanceRow instance) -> instance.agentId() != null)
                  .thenComparing(InstanceRow::id, Comparator.reverseOrder()))
          .limit(Math.max(0, current.size() - replicas))
          .forEach(surplus -> stop(surplus, now));
    } else if (current.stream().noneMatch(instance -> instance.state().equals("failed"))) {
      long ready = current.stream().filter(instance -> instance.state().equals("running")).count();
      old.stream()
          .sorted(Comparator.comparing(InstanceRow::id))
          .limit(Math.max(0, old.size() - Math.max(0, replicas - ready)))
          .forEach(retired -> stop(retired, now));
      if (current.size() < replicas && ready == current.size()) {
        store.insertInstance(deploymentId, deployment.revision(), null, now);
      }
    }
    place(deployment, agents, now);
  }

  /** What the deployment's instances say about it, for the API. */
  static String state(DeploymentRow deployment, List<InstanceRow> instances) {
    List<InstanceRow> current =
        instances.stream()
            .filter(InstanceRow::running)
            .filter(instance -> instance.revision() == deployment.revision())
            .toList();
    boolean rolling =
        instances.stream()
            .anyMatch(
                instance -> instance.running() && instance.revision() != deployment.revision());
    boolean failed = current.stream().anyMatch(instance -> instance.state().equals("failed"));
    if (rolling && failed) {
      return "rollout-failed";
    }
    long running = current.stream().filter(instance -> instance.state().equals("running")).count();
    if (!rolling && running == deployment.replicas() && current.size() == deployment.replicas()) {
      return "available";
    }
    boolean unknown = instances.stream().anyMatch(instance -> instance.state().equals("unknown"));
    return failed || unknown ? "degraded" : "progressing";
  }

  /** Kubernetes agents roll out by themselves; see the class comment. */
  private static boolean delegatesRollouts(Map<Long, AgentRow> agents) {
    return !agents.isEmpty()
        && agents.values().stream().allMatch(agent -> agent.kind().equals("kubernetes"));
  }

  /**
   * The live agents a deployment may use, by id: those of its pool, and of them only the ones named
   * {@code managedBy} when a cluster defines it (null: any).
   */
  Map<Long, AgentRow> liveAgents(String pool, String managedBy, Instant now) {
    Map<Long, AgentRow> live = new java.util.LinkedHashMap<>();
    for (AgentRow agent : store.agentsOfPool(pool)) {
      if (agent.live(now) && (managedBy == null || agent.name().equals(managedBy))) {
        live.put(agent.id(), agent);
      }
    }
    return live;
  }

  /**
   * Why {@code wanted} more instances of a platform do not fit on the agents a deployment may use
   * (see {@link #liveAgents}), or empty when they do: no live agent runs the platform, or their
   * free capacity, summed, is less.
   */
  Optional<String> noRoom(String pool, String managedBy, String platform, int wanted, Instant now) {
    List<AgentRow> agents =
        liveAgents(pool, managedBy, now).values().stream()
            .filter(agent -> agent.platforms().contains(platform))
            .toList();
    String whose =
        managedBy == null
            ? "of pool `" + pool + "`"
            : "of cluster `" + managedBy + "` in pool `" + pool + "`";
    if (agents.isEmpty()) {
      return Optional.of(
          "no live agent "
              + whose
              + " runs platform "
              + platform
              + "; start one, or choose a platform the pool runs");
    }
    Map<Long, Integer> loads = store.agentLoads();
    int free =
        agents.stream()
            .mapToInt(agent -> Math.max(0, agent.capacity() - loads.getOrDefault(agent.id(), 0)))
            .sum();
    if (wanted > free) {
      return Optional.of(
          wanted
              + " more instance(s) asked, but the agents "
              + whose
              + " have room for "
              + free
              + " on "
              + platform);
    }
    return Optional.empty();
  }

  private void place(DeploymentRow deployment, Map<Long, AgentRow> agents, Instant now) {
    Map<Long, Integer> loads = new java.util.HashMap<>(store.agentLoads());
    for (InstanceRow instance : store.instances(deployment.id())) {
      if (!instance.running() || instance.agentId() != null) {
        continue;
      }
      Optional<AgentRow> target =
          agents.values().stream()
              .filter(agent -> agent.platforms().contains(deployment.platform()))
              .filter(agent -> loads.getOrDefault(agent.id(), 0) < agent.capacity())
              .min(
                  Comparator.comparing((AgentRow agent) -> loads.getOrDefault(agent.id(), 0))
                      .thenComparing(AgentRow::id));
      if (target.isEmpty()) {
        return;
      }
      store.placeInstance(instance.id(), target.get().id(), now);
      loads.merge(target.get().id(), 1, Integer::sum);
    }
  }

  private void stop(InstanceRow instance, Instant now) {
    if (instance.agentId() == null) {
      store.deleteInstance(instance.id());
    } else {
      store.stopInstance(instance.id(), now);
    }
  }

  private void stopEverything(DeploymentRow deployment, List<InstanceRow> instances, Instant now) {
    for (InstanceRow instance : instances) {
      if (instance.running()) {
        stop(instance, now);
      }
    }
    if (store.instances(deployment.id()).isEmpty()) {
      store.deleteDeployment(deployment.id());
    }
  }
}
