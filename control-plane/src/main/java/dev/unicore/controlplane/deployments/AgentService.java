package dev.unicore.controlplane.deployments;

import dev.unicore.controlplane.deployments.DeploymentStore.AgentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.DeploymentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.InstanceRow;
import dev.unicore.controlplane.deployments.DeploymentStore.RevisionRow;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The agents' side: registration, the heartbeat that reports instance states and answers with
 * assignments, and the reaper that notices silent agents. Every heartbeat renews the agent's lease
 * and reconciles the deployments of its pool, so placement catches up as agents come and go. A
 * Kubernetes agent's heartbeat may also carry the deployments its cluster defines, which {@link
 * ClusterDeployments} applies in the same transaction; from any other kind of agent they are
 * refused before anything is written.
 */
@Service
public class AgentService {
  private final DeploymentStore store;
  private final Reconciler reconciler;
  private final ClusterDeployments clusters;
  private final DeploymentsProperties properties;
  private final Clock clock = Clock.systemUTC();

  AgentService(
      DeploymentStore store,
      Reconciler reconciler,
      ClusterDeployments clusters,
      DeploymentsProperties properties) {
    this.store = store;
    this.reconciler = reconciler;
    this.clusters = clusters;
    this.properties = properties;
  }

  /** An instance's state as its agent reports it. */
  record Report(long id, String state, int restarts, Integer exitStatus, String consoleTail) {}

  /** One instance an agent must run or stop, with everything it needs to do so. */
  record Assignment(InstanceRow instance, DeploymentRow deployment, RevisionRow revision) {}

  /** The answer to a heartbeat, with the reported deployments that were skipped. */
  record Assignments(
      Instant leaseExpiresAt,
      List<Assignment> instances,
      List<ClusterDeployments.Problem> deploymentProblems) {}

  @Transactional
  AgentRow register(String name, String kind, String pool, List<String> platforms, int capacity) {
    Instant now = clock.instant();
    store.lockPlacement();
    // A Kubernetes agent is its cluster: an operator that restarts, or a new leader, registers
    // again under the same name and takes over the same agent, instances and all. (A new id would
    // leave the cluster with no instances to run until the old id's lease ran out.)
    Optional<AgentRow> cluster =
        kind.equals("kubernetes") ? store.agentNamed(kind, name) : Optional.empty();
    long id;
    if (cluster.isPresent()) {
      id = cluster.get().id();
      store.reregisterAgent(id, pool, platforms, capacity, now, now.plus(properties.agentLease()));
    } else {
      id =
          store.insertAgent(
              name, kind, pool, platforms, capacity, now, now.plus(properties.agentLease()));
    }
    for (long deployment : store.deploymentsOfPool(pool)) {
      reconciler.reconcile(deployment, now);
    }
    return store.agent(id).orElseThrow();
  }

  @Transactional(readOnly = true)
  public List<AgentRow> list() {
    return store.agents();
  }

  @Transactional(readOnly = true)
  public Map<Long, Integer> loads() {
    return store.agentLoads();
  }

  /**
   * @param defined the deployments the agent's cluster defines, or null when the heartbeat does not
   *     say (no change)
   * @throws ApiException 404 for an unknown agent; 422 when an agent not of kind kubernetes reports
   *     deployments
   */
  @Transactional
  Assignments heartbeat(
      long agentId, List<Report> reports, List<ClusterDeployments.Defined> defined) {
    AgentRow agent =
        store.agent(agentId).orElseThrow(() -> ApiException.notFound("agent " + agentId));
    Map<String, ClusterDeployments.Resolution> images = Map.of();
    if (defined != null) {
      if (!agent.kind().equals("kubernetes")) {
        throw new ApiException(
            ProblemType.NOT_A_CLUSTER_AGENT,
            "agent "
                + agentId
                + " is of kind "
                + agent.kind()
                + "; only a kubernetes agent reports `deployments`, so leave the field out");
      }
      images = clusters.resolveChangedImages(agent, defined);
    }
    store.lockPlacement();
    Instant now = clock.instant();
    Instant expires = now.plus(properties.agentLease());
    store.renewAgent(agentId, now, expires);
    Map<Long, InstanceRow> held = new java.util.HashMap<>();
    store.instancesOfAgent(agentId).forEach(instance -> held.put(instance.id(), instance));
    for (Report report : reports) {
      InstanceRow instance = held.get(report.id());
      if (instance == null) {
        continue; // forgotten or never ours: absent from the answer, so the agent stops it
      }
      if (!instance.running() && report.state().equals("stopped")) {
        store.deleteInstance(instance.id());
      } else {
        store.report(
            instance.id(),
            report.state(),
            report.restarts(),
            report.exitStatus(),
            report.consoleTail(),
            now);
      }
    }
    List<ClusterDeployments.Problem> problems =
        defined == null ? List.of() : clusters.apply(agent, defined, images, now);
    Set<Long> deployments = new LinkedHashSet<>(store.deploymentsOfPool(agent.pool()));
    for (long deployment : deployments) {
      reconciler.reconcile(deployment, now);
    }
    List<Assignment> assignments = new ArrayList<>();
    Map<Long, DeploymentRow> deploymentsById = new java.util.HashMap<>();
    Map<Long, Map<Integer, RevisionRow>> revisions = new java.util.HashMap<>();
    for (InstanceRow instance : store.instancesOfAgent(agentId)) {
      DeploymentRow deployment =
          deploymentsById.computeIfAbsent(
              instance.deploymentId(), id -> store.deployment(id).orElseThrow());
      RevisionRow revision =
          revisions.computeIfAbsent(deployment.id(), store::revisions).get(instance.revision());
      assignments.add(new Assignment(instance, deployment, revision));
    }
    return new Assignments(expires, assignments, problems);
  }

  /** A silent agent's instances become unknown and are placed elsewhere, even when no one calls. */
  @Scheduled(fixedDelayString = "${unicore.deployments.reap-interval:1s}")
  @Transactional
  public void reapSilentAgents() {
    Instant now = clock.instant();
    List<String> pools = store.poolsWithSilentAgents(now);
    if (pools.isEmpty()) {
      return;
    }
    store.lockPlacement();
    for (String pool : pools) {
      for (long deployment : store.deploymentsOfPool(pool)) {
        reconciler.reconcile(deployment, now);
      }
    }
  }
}
