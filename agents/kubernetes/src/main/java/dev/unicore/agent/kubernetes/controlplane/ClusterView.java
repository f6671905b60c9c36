package dev.unicore.agent.kubernetes.controlplane;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.reconcile.PodHealth;
import dev.unicore.agent.kubernetes.reconcile.Workloads;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One look at the namespace for a heartbeat: the UnikernelDeployments, their owned workloads and
 * their Pods. A deployment is reported to the control plane as what runs — read back from its owned
 * Deployment or Job — not as its spec: a spec that is invalid, or whose image is not in the
 * registry, leaves the running workload (and so the control plane's view) as it was.
 */
record ClusterView(
    List<UnikernelDeployment> resources,
    Map<String, Deployment> deployments,
    Map<String, Job> jobs,
    Map<String, List<Pod>> pods) {

  static ClusterView of(
      List<UnikernelDeployment> resources,
      List<Deployment> deployments,
      List<Job> jobs,
      List<Pod> pods) {
    return new ClusterView(
        resources,
        deployments.stream()
            .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity())),
        jobs.stream()
            .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity())),
        pods.stream()
            .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
            // Instances map to ready Pods first, then to failed ones not yet replaced (so the
            // failure shows), then to starting ones, then to finished ones.
            .sorted(
                Comparator.comparing(ClusterView::rank)
                    .thenComparing(pod -> pod.getMetadata().getCreationTimestamp())
                    .thenComparing(pod -> pod.getMetadata().getName()))
            .collect(
                Collectors.groupingBy(
                    pod -> pod.getMetadata().getLabels().get(Workloads.DEPLOYMENT_LABEL))));
  }

  /** What a deployment's workload runs, as the control plane's protocol names it. */
  record Running(
      String name,
      String image,
      String platform,
      int replicas,
      int memoryMib,
      int cpus,
      String commandLine,
      Map<String, String> environment,
      String restartPolicy) {}

  /**
   * The resources applied in the cluster itself (not written by the link for the control plane).
   */
  List<UnikernelDeployment> clusterDefined() {
    return resources.stream()
        .filter(
            resource ->
                !ControlPlaneLink.CONTROL_PLANE.equals(
                    resource.getMetadata().getLabels() == null
                        ? null
                        : resource.getMetadata().getLabels().get(ControlPlaneLink.MANAGED_BY)))
        .toList();
  }

  Optional<UnikernelDeployment> resource(String name) {
    return resources.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  /** The Pods of a deployment, oldest first. */
  List<Pod> podsOf(String name) {
    return pods.getOrDefault(name, List.of());
  }

  /** What the named resource's workload runs, or empty before it has one. */
  Optional<Running> running(String name) {
    Deployment deployment = deployments.get(name);
    Job job = jobs.get(name);
    PodTemplateSpec template;
    int replicas;
    String restartPolicy;
    if (deployment != null) {
      template = deployment.getSpec().getTemplate();
      replicas = orZero(deployment.getSpec().getReplicas());
      restartPolicy = "always";
    } else if (job != null) {
      template = job.getSpec().getTemplate();
      replicas = orZero(job.getSpec().getParallelism());
      restartPolicy =
          "Never".equals(template.getSpec().getRestartPolicy()) ? "never" : "on-failure";
    } else {
      return Optional.empty();
    }
    Container container = template.getSpec().getContainers().get(0);
    Map<String, String> annotations = template.getMetadata().getAnnotations();
    String image = container.getImage();
    // host/repository@digest -> repository@digest: the control plane names images in its registry.
    String inRegistry = image.substring(image.indexOf('/') + 1);
    Map<String, String> environment = new TreeMap<>();
    for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      environment.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
    }
    return Optional.of(
        new Running(
            name,
            inRegistry,
            annotations.getOrDefault(Workloads.HYPERVISOR, "qemu"),
            replicas,
            Integer.parseInt(annotations.getOrDefault(Workloads.MEMORY_MIB, "64")),
            Integer.parseInt(annotations.getOrDefault(Workloads.VCPUS, "1")),
            annotations.getOrDefault(Workloads.COMMAND_LINE, ""),
            environment,
            restartPolicy));
  }

  /** The state of the unikernel in a Pod, in the protocol's words. */
  static String state(Pod pod) {
    if (PodHealth.ready(pod)) {
      return "running";
    }
    if (PodHealth.failure(pod).isPresent()) {
      return "failed";
    }
    if (PodHealth.succeeded(pod)) {
      return "stopped";
    }
    return "starting";
  }

  private static int rank(Pod pod) {
    if (PodHealth.ready(pod)) {
      return 0;
    }
    if (PodHealth.failure(pod).isPresent()) {
      return 1;
    }
    return PodHealth.succeeded(pod) ? 3 : 2;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
