package dev.unicore.agent.kubernetes.controlplane;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.EnvironmentVariable;
import dev.unicore.agent.kubernetes.reconcile.EventRecorder;
import dev.unicore.agent.kubernetes.reconcile.PodHealth;
import dev.unicore.agent.kubernetes.reconcile.Workloads;
import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.AgentsApi;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.AgentAssignments;
import dev.unicore.client.model.AgentDeployment;
import dev.unicore.client.model.AgentRegistration;
import dev.unicore.client.model.AgentReport;
import dev.unicore.client.model.DeploymentProblem;
import dev.unicore.client.model.InstanceAssignment;
import dev.unicore.client.model.InstanceReport;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as an agent of kind {@code kubernetes} of the control plane, both ways:
 *
 * <ul>
 *   <li>Deployments made through the control plane's API for this agent's pool arrive as instance
 *       assignments; each becomes a UnikernelDeployment labelled {@code
 *       unicore.dev/managed-by=control-plane} with as many replicas as it has instances to run, and
 *       is deleted when none is left.
 *   <li>UnikernelDeployments applied in the cluster (without that label) are reported in every
 *       heartbeat as what their workloads run; the control plane creates, changes and deletes the
 *       deployments it manages under this agent's name to match, so they show in its API and
 *       dashboard. A deployment it cannot take (its name taken, no room) gets a Warning event.
 *   <li>Every assigned instance is reported with the state of one Pod of its deployment (instances
 *       and Pods matched oldest first): running when ready, failed with its exit status, restarts
 *       counted by Kubernetes.
 * </ul>
 *
 * Runs only on the leader, one heartbeat at a time, every third of the lease it is given.
 */
public final class ControlPlaneLink {
  private static final Logger log = LoggerFactory.getLogger(ControlPlaneLink.class);
  static final String MANAGED_BY = "unicore.dev/managed-by";
  static final String CONTROL_PLANE = "control-plane";

  private final AgentsApi agents;
  private final KubernetesClient client;
  private final String namespace;
  private final String agentName;
  private final String pool;
  private final EventRecorder events;
  private final Map<String, String> announcedProblems = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService loop;
  private Set<String> absentBefore = Set.of();
  private Long agentId;
  private List<InstanceAssignment> assignments = List.of();

  public ControlPlaneLink(
      URI url,
      String token,
      KubernetesClient client,
      String namespace,
      String agentName,
      String pool) {
    this.agents = new AgentsApi(ControlPlaneClients.create(url, token, Duration.ofSeconds(15)));
    this.client = client;
    this.namespace = namespace;
    this.agentName = agentName;
    this.pool = pool;
    this.events = new EventRecorder(client, agentName);
  }

  public synchronized void start() {
    if (loop != null) {
      return;
    }
    loop =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "control-plane-link");
              thread.setDaemon(true);
              return thread;
            });
    absentBefore = Set.of();
    loop.execute(this::beat);
  }

  public synchronized void stop() {
    if (loop != null) {
      loop.shutdownNow();
      loop = null;
    }
  }

  private void beat() {
    Duration next = Duration.ofSeconds(2);
    try {
      next = heartbeat();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        agentId = null; // Forgotten (the control plane was reset): register again.
      }
      log.warn("heartbeat failed ({}): {}", e.getCode(), e.getResponseBody());
    } catch (KubernetesClientException e) {
      log.warn("could not read or write the cluster: {}", e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      // Scheduled tasks swallow what they throw: log it, and keep beating.
      log.warn("heartbeat failed", e);
    }
    ScheduledExecutorService current = loop;
    if (current != null && !current.isShutdown()) {
      current.schedule(this::beat, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** One round: report, apply the answer. Returns when to come back. */
  Duration heartbeat() throws ApiException {
    if (agentId == null) {
      agentId =
          agents
              .registerAgent(
                  new AgentRegistration()
                      .name(agentName)
                      .kind(AgentRegistration.KindEnum.KUBERNETES)
                      .pool(pool)
                      .platforms(
                          List.of(
                              AgentRegistration.PlatformsEnum.QEMU,
                              AgentRegistration.PlatformsEnum.FIRECRACKER))
                      .capacity(1000))
              .getId();
      log.info("registered with the control plane as agent {} ({})", agentId, agentName);
    }
    ClusterView cluster = look();
    AgentAssignments answer = agents.agentHeartbeat(agentId, report(cluster));
    assignments = answer.getInstances();
    apply(cluster, assignments);
    announce(cluster, answer.getDeploymentProblems());
    Duration lease = Duration.between(Instant.now(), answer.getLeaseExpiresAt().toInstant());
    return clamp(lease.dividedBy(3), Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  private ClusterView look() {
    return ClusterView.of(
        client.resources(UnikernelDeployment.class).inNamespace(namespace).list().getItems(),
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(Workloads.DEPLOYMENT_LABEL)
            .list()
            .getItems(),
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withLabel(Workloads.DEPLOYMENT_LABEL)
            .list()
            .getItems(),
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(Workloads.DEPLOYMENT_LABEL)
            .list()
            .getItems());
  }

  private AgentReport report(ClusterView cluster) {
    List<AgentDeployment> defined = new ArrayList<>();
    for (UnikernelDeployment resource : cluster.clusterDefined()) {
      cluster
          .running(resource.getMetadata().getName())
          .ifPresent(
              running ->
                  defined.add(
                      new AgentDeployment()
                          .name(running.name())
                          .image(running.image())
                          .platform(AgentDeployment.PlatformEnum.fromValue(running.platform()))
                          .replicas(running.replicas())
                          .memoryMiB(running.memoryMib())
                          .cpus(running.cpus())
                          .commandLine(running.commandLine())
                          .environment(running.environment())
                          .restartPolicy(
                              AgentDeployment.RestartPolicyEnum.fromValue(
                                  running.restartPolicy()))));
    }
    List<InstanceReport> instances = new ArrayList<>();
    Map<String, List<InstanceAssignment>> running = toRun(assignments);
    for (InstanceAssignment instance : assignments) {
      if (instance.getDesired() == InstanceAssignment.DesiredEnum.STOP) {
        // Kubernetes stops the surplus Pods itself as soon as the replicas shrink.
        instances.add(
            new InstanceReport()
                .id(instance.getId())
                .state(InstanceReport.StateEnum.STOPPED)
                .restarts(0));
      }
    }
    running.forEach(
        (deployment, assigned) -> {
          List<Pod> pods = cluster.podsOf(deployment);
          for (int i = 0; i < assigned.size(); i++) {
            InstanceReport report = new InstanceReport().id(assigned.get(i).getId()).restarts(0);
            if (i < pods.size()) {
              Pod pod = pods.get(i);
              report
                  .state(InstanceReport.StateEnum.fromValue(ClusterView.state(pod)))
                  .restarts(PodHealth.restarts(pod))
                  .exitStatus(PodHealth.exitCode(pod));
              PodHealth.failure(pod)
                  .ifPresent(
                      failure ->
                          report.consoleTail(
                              pod.getMetadata().getName()
                                  + ": "
                                  + failure.reason()
                                  + ": "
                                  + failure.message()));
            } else {
              report.state(InstanceReport.StateEnum.STARTING);
            }
            instances.add(report);
          }
        });
    return new AgentReport().instances(instances).deployments(defined);
  }

  /** Makes the control plane's deployments (those not defined in the cluster) resources here. */
  private void apply(ClusterView cluster, List<InstanceAssignment> assignments) {
    Map<String, List<InstanceAssignment>> running = toRun(assignments);
    for (Map.Entry<String, List<InstanceAssignment>> entry : running.entrySet()) {
      String name = entry.getKey();
      var existing = cluster.resource(name);
      if (existing.isPresent() && !isControlPlanes(existing.get())) {
        continue; // Defined in the cluster: the control plane follows it, not the other way.
      }
      InstanceAssignment newest = entry.getValue().get(entry.getValue().size() - 1);
      UnikernelDeploymentSpec spec = spec(newest, entry.getValue().size());
      if (existing.isEmpty()) {
        UnikernelDeployment resource = new UnikernelDeployment();
        resource.getMetadata().setName(name);
        resource.getMetadata().setNamespace(namespace);
        resource.getMetadata().setLabels(Map.of(MANAGED_BY, CONTROL_PLANE));
        resource.setSpec(spec);
        client.resource(resource).create();
        log.info("created UnikernelDeployment {} for the control plane's deployment", name);
      } else if (!spec.equals(existing.get().getSpec())) {
        client
            .resources(UnikernelDeployment.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                resource -> {
                  resource.setSpec(spec);
                  return resource;
                });
      }
    }
    // A resource of the control plane's goes when two answers in a row have nothing for it to
    // run: one answer alone may come from a control plane still moving instances to this agent
    // (after a restart or a change of leader), and deleting would stop a running workload.
    Set<String> absent = new java.util.HashSet<>();
    for (UnikernelDeployment resource : cluster.resources()) {
      String name = resource.getMetadata().getName();
      if (isControlPlanes(resource) && !running.containsKey(name)) {
        absent.add(name);
        if (absentBefore.contains(name)) {
          client.resource(resource).delete();
          log.info("deleted UnikernelDeployment {}: the control plane stopped it", name);
        }
      }
    }
    absentBefore = absent;
  }

  private static UnikernelDeploymentSpec spec(InstanceAssignment instance, int replicas) {
    List<EnvironmentVariable> env =
        instance.getEnvironment() == null
            ? List.of()
            : instance.getEnvironment().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(variable -> new EnvironmentVariable(variable.getKey(), variable.getValue()))
                .toList();
    return new UnikernelDeploymentSpec(
        instance.getRepository() + "@" + instance.getImageDigest(),
        replicas,
        instance.getPlatform(),
        instance.getMemoryMiB(),
        instance.getCpus(),
        instance.getCommandLine(),
        env,
        null,
        null,
        switch (instance.getRestartPolicy()) {
          case "on-failure" -> "OnFailure";
          case "never" -> "Never";
          default -> "Always";
        });
  }

  /** The instances to run, by deployment, oldest first. */
  private static Map<String, List<InstanceAssignment>> toRun(List<InstanceAssignment> assignments) {
    return assignments.stream()
        .filter(instance -> instance.getDesired() == InstanceAssignment.DesiredEnum.RUN)
        .sorted(Comparator.comparing(InstanceAssignment::getId))
        .collect(
            Collectors.groupingBy(
                InstanceAssignment::getDeployment, LinkedHashMap::new, Collectors.toList()));
  }

  private static boolean isControlPlanes(UnikernelDeployment resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels != null && CONTROL_PLANE.equals(labels.get(MANAGED_BY));
  }

  /** A Warning event on each cluster-defined resource the control plane could not take, once. */
  private void announce(ClusterView cluster, List<DeploymentProblem> problems) {
    Map<String, String> now = new HashMap<>();
    for (DeploymentProblem problem : problems == null ? List.<DeploymentProblem>of() : problems) {
      now.put(problem.getName(), problem.getDetail());
      if (Objects.equals(announcedProblems.get(problem.getName()), problem.getDetail())) {
        continue;
      }
      log.warn(
          "the control plane refused deployment {}: {}", problem.getName(), problem.getDetail());
      cluster
          .resource(problem.getName())
          .ifPresent(
              resource -> events.warning(resource, "ControlPlaneRefused", problem.getDetail()));
    }
    announcedProblems.keySet().retainAll(Set.copyOf(now.keySet()));
    announcedProblems.putAll(now);
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
