package dev.unicore.agent.kubernetes.reconcile;

import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns what the reconciler observed into the resource's status: replica counts and the three
 * conditions. Ready: every desired replica of the current spec is ready. Progressing: Kubernetes is
 * still moving towards the spec (rolling out, scaling, Pods starting). Degraded: something needs a
 * person — an invalid spec, an image the registry lacks, a failed Pod while replicas are missing. A
 * condition keeps its transition time while its status stays the same.
 */
final class StatusReport {
  static final String READY = "Ready";
  static final String PROGRESSING = "Progressing";
  static final String DEGRADED = "Degraded";

  private StatusReport() {}

  /** What the reconciler saw. A problem (spec or image) wins over the workload's state. */
  record Observation(
      long generation,
      int desired,
      String problemReason,
      String problemMessage,
      String image,
      String digest,
      String resolvedFrom,
      Deployment deployment,
      Job job,
      List<Pod> pods) {}

  static UnikernelDeploymentStatus of(
      Observation seen, UnikernelDeploymentStatus previous, Instant now) {
    List<Condition> before =
        previous == null || previous.conditions() == null ? List.of() : previous.conditions();
    int replicas =
        (int)
            seen.pods().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .count();
    int ready = (int) seen.pods().stream().filter(PodHealth::ready).count();
    int available = ready;
    int updated = ready;
    boolean stale = false;
    if (seen.deployment() != null && seen.deployment().getStatus() != null) {
      DeploymentStatus status = seen.deployment().getStatus();
      replicas = orZero(status.getReplicas());
      ready = orZero(status.getReadyReplicas());
      available = orZero(status.getAvailableReplicas());
      updated = orZero(status.getUpdatedReplicas());
      stale =
          status.getObservedGeneration() == null
              || status.getObservedGeneration() < seen.deployment().getMetadata().getGeneration();
    } else if (seen.deployment() != null) {
      stale = true;
    }
    int restarts =
        seen.pods().stream().mapToInt(PodHealth::restarts).sum()
            + (int)
                seen.pods().stream()
                    .filter(p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()))
                    .count();
    String image = seen.image() != null ? seen.image() : previous == null ? null : previous.image();
    String digest =
        seen.digest() != null ? seen.digest() : previous == null ? null : previous.imageDigest();
    String resolvedFrom =
        seen.digest() != null
            ? seen.resolvedFrom()
            : previous == null ? null : previous.resolvedFrom();

    Condition readyCondition;
    Condition progressing;
    Condition degraded;
    if (seen.problemReason() != null) {
      String message = seen.problemMessage() + "; what already runs is left as it is";
      readyCondition = condition(READY, false, seen.problemReason(), message, seen, before, now);
      progressing = condition(PROGRESSING, false, seen.problemReason(), message, seen, before, now);
      degraded = condition(DEGRADED, true, seen.problemReason(), message, seen, before, now);
    } else {
      int desired = seen.desired();
      Optional<Pod> failed =
          seen.pods().stream()
              .filter(p -> PodHealth.failure(p).isPresent())
              .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
      boolean completed =
          seen.job() != null
              && seen.job().getStatus() != null
              && orZero(seen.job().getStatus().getSucceeded()) >= desired;
      Optional<String> jobFailure = jobFailure(seen.job());
      // Scaled to zero is ready only once the last Pod is gone.
      boolean allReady =
          completed
              || (!stale
                  && ready >= desired
                  && updated >= desired
                  && (desired > 0 || replicas == 0));
      String movement;
      if (jobFailure.isPresent()) {
        movement = null; // A failed Job moves no further.
      } else if (stale || updated < desired && replicas > updated) {
        movement = "RollingOut";
      } else if (replicas > desired && !completed) {
        movement = "ScalingDown";
      } else if (ready < desired && !completed) {
        movement = "PodsStarting";
      } else {
        movement = null;
      }
      if (jobFailure.isPresent()) {
        degraded = condition(DEGRADED, true, "JobFailed", jobFailure.get(), seen, before, now);
      } else if (failed.isPresent() && !allReady) {
        Pod pod = failed.get();
        PodHealth.Failure failure = PodHealth.failure(pod).orElseThrow();
        String message =
            "Pod "
                + pod.getMetadata().getName()
                + " failed: "
                + failure.message()
                + (seen.job() == null ? "; Kubernetes starts a replacement" : "");
        degraded = condition(DEGRADED, true, failure.reason(), message, seen, before, now);
      } else if (replicaFailure(seen.deployment()).isPresent()) {
        // The ReplicaSet cannot create Pods (a missing RuntimeClass, a quota, admission).
        Condition failure = replicaFailure(seen.deployment()).get();
        degraded =
            condition(DEGRADED, true, failure.getReason(), failure.getMessage(), seen, before, now);
      } else if (seen.deployment() != null && deadlineExceeded(seen.deployment())) {
        degraded =
            condition(
                DEGRADED,
                true,
                "ProgressDeadlineExceeded",
                "the rollout made no progress within the Deployment's deadline",
                seen,
                before,
                now);
      } else {
        degraded =
            condition(
                DEGRADED,
                false,
                failed.isPresent() ? "Recovered" : "NoFailures",
                failed.isPresent() ? "Pods failed earlier and were replaced" : "no Pod has failed",
                seen,
                before,
                now);
      }
      progressing =
          movement == null
              ? condition(
                  PROGRESSING, false, "Complete", "the Pods match the spec", seen, before, now)
              : condition(
                  PROGRESSING,
                  true,
                  movement,
                  ready + " of " + desired + " replicas ready",
                  seen,
                  before,
                  now);
      if (allReady) {
        String reason =
            completed ? "Completed" : desired == 0 ? "ScaledToZero" : "AllReplicasReady";
        readyCondition =
            condition(
                READY,
                true,
                reason,
                ready + " of " + desired + " replicas ready",
                seen,
                before,
                now);
      } else {
        String reason = "True".equals(degraded.getStatus()) ? degraded.getReason() : movement;
        readyCondition =
            condition(
                READY,
                false,
                reason == null ? "PodsStarting" : reason,
                ready + " of " + desired + " replicas ready",
                seen,
                before,
                now);
      }
    }
    return new UnikernelDeploymentStatus(
        seen.generation(),
        replicas,
        ready,
        available,
        restarts,
        image,
        digest,
        resolvedFrom,
        List.of(readyCondition, progressing, degraded));
  }

  /** The condition of this type, or null. */
  static Condition find(UnikernelDeploymentStatus status, String type) {
    if (status == null || status.conditions() == null) {
      return null;
    }
    return status.conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static Optional<String> jobFailure(Job job) {
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> c.getReason() + ": " + c.getMessage())
        .findFirst();
  }

  private static Optional<Condition> replicaFailure(Deployment deployment) {
    if (deployment == null
        || deployment.getStatus() == null
        || deployment.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return deployment.getStatus().getConditions().stream()
        .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(
            c ->
                new ConditionBuilder()
                    .withReason(c.getReason())
                    .withMessage(c.getMessage())
                    .build())
        .findFirst();
  }

  private static boolean deadlineExceeded(Deployment deployment) {
    return deployment.getStatus() != null
        && deployment.getStatus().getConditions() != null
        && deployment.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    "Progressing".equals(c.getType())
                        && "ProgressDeadlineExceeded".equals(c.getReason()));
  }

  private static Condition condition(
      String type,
      boolean status,
      String reason,
      String message,
      Observation seen,
      List<Condition> before,
      Instant now) {
    String value = status ? "True" : "False";
    String since =
        before.stream()
            .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(seen.generation())
        .withLastTransitionTime(since)
        .build();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
