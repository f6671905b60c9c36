package dev.unicore.agent.kubernetes.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Plays the kubelet, which the test cluster lacks: writes the Pod status a kubelet would write when
 * the unikernel runs, or when it failed.
 */
public final class Kubelet {
  private final KubernetesClient client;

  public Kubelet(KubernetesClient client) {
    this.client = client;
  }

  /** The Pod runs and is ready. */
  public void run(Pod pod) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    write(
        pod,
        new PodStatusBuilder()
            .withPhase("Running")
            .withStartTime(now)
            .withConditions(
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withLastTransitionTime(now)
                    .build(),
                new PodConditionBuilder()
                    .withType("ContainersReady")
                    .withStatus("True")
                    .withLastTransitionTime(now)
                    .build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("unikernel")
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withImageID(pod.getSpec().getContainers().get(0).getImage())
                    .withReady(true)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(now)
                    .endRunning()
                    .endState()
                    .build())
            .build());
  }

  /** The unikernel ended with {@code exitCode} and the Pod failed for {@code reason}. */
  public void fail(Pod pod, String reason, String message, int exitCode) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    write(
        pod,
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason(reason)
            .withMessage(message)
            .withConditions(
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("False")
                    .withLastTransitionTime(now)
                    .build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("unikernel")
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason("Error")
                    .withFinishedAt(now)
                    .endTerminated()
                    .endState()
                    .build())
            .build());
  }

  /** The Pods of a UnikernelDeployment that are not being deleted. */
  public List<Pod> pods(String namespace, String deployment) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("unicore.dev/deployment", deployment)
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private void write(Pod pod, PodStatus status) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            current -> {
              current.setStatus(status);
              return current;
            });
  }
}
