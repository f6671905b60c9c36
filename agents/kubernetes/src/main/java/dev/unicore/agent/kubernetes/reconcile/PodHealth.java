package dev.unicore.agent.kubernetes.reconcile;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a Pod's status says about its unikernel: ready, failed (and why), restarts. */
public final class PodHealth {
  /** Waiting reasons that mean the unikernel cannot run until someone acts. */
  private static final Set<String> FAILING_WAIT_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CreateContainerError",
          "CreateContainerConfigError",
          "RunContainerError");

  private PodHealth() {}

  /** Why a Pod failed and what it said. */
  public record Failure(String reason, String message, Integer exitCode) {}

  public static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static boolean succeeded(Pod pod) {
    return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
  }

  /** The failure of a Pod that failed or whose unikernel cannot start, if it has one. */
  public static Optional<Failure> failure(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    Integer exitCode = exitCode(pod);
    if ("Failed".equals(pod.getStatus().getPhase())) {
      String reason =
          pod.getStatus().getReason() != null ? pod.getStatus().getReason() : "PodFailed";
      String message =
          pod.getStatus().getMessage() != null
              ? pod.getStatus().getMessage()
              : exitCode != null
                  ? "the unikernel exited with status " + exitCode
                  : "the Pod failed";
      return Optional.of(new Failure(reason, message, exitCode));
    }
    for (ContainerStatus container : containers(pod)) {
      if (container.getState() != null
          && container.getState().getWaiting() != null
          && FAILING_WAIT_REASONS.contains(container.getState().getWaiting().getReason())) {
        String message = container.getState().getWaiting().getMessage();
        return Optional.of(
            new Failure(
                container.getState().getWaiting().getReason(),
                message != null ? message : container.getState().getWaiting().getReason(),
                exitCode));
      }
    }
    return Optional.empty();
  }

  public static int restarts(Pod pod) {
    return containers(pod).stream()
        .mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount())
        .sum();
  }

  /** The unikernel's last exit status: of the current run if it ended, else of the last one. */
  public static Integer exitCode(Pod pod) {
    for (ContainerStatus container : containers(pod)) {
      if (container.getState() != null && container.getState().getTerminated() != null) {
        return container.getState().getTerminated().getExitCode();
      }
      if (container.getLastState() != null && container.getLastState().getTerminated() != null) {
        return container.getLastState().getTerminated().getExitCode();
      }
    }
    return null;
  }

  private static List<ContainerStatus> containers(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }
}
