package dev.unicore.agent.kubernetes.reconcile;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentStatus;
import dev.unicore.agent.kubernetes.lifecycle.OperatorProperties;
import dev.unicore.agent.kubernetes.registry.ImageReference;
import dev.unicore.agent.kubernetes.registry.RegistryResolver;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one UnikernelDeployment: checks its spec, resolves its image to a digest in the
 * platform registry, writes the owned Deployment or Job (and Service) when what they were built
 * from changed, and writes the status from the owned objects and their Pods. Idempotent: a pass
 * over an unchanged resource reads caches and writes nothing. No finalizer: owned objects carry
 * owner references, so Kubernetes' garbage collector removes them with the resource; nothing
 * outside the cluster needs cleaning up (the control plane learns of deletions from the agent's
 * next report).
 */
public class UnikernelDeploymentReconciler implements Reconciler<UnikernelDeployment> {
  private static final Logger log = LoggerFactory.getLogger(UnikernelDeploymentReconciler.class);

  /** How soon an image that is not in the registry yet is looked up again. */
  static final Duration IMAGE_RETRY = Duration.ofSeconds(20);

  private final OperatorProperties properties;
  private final RegistryResolver registry;
  private final KubernetesClient client;
  private final EventRecorder events;
  private final PullSecrets pullSecrets;

  public UnikernelDeploymentReconciler(
      OperatorProperties properties,
      RegistryResolver registry,
      KubernetesClient client,
      String identity) {
    this.properties = properties;
    this.registry = registry;
    this.client = client;
    this.events = new EventRecorder(client, identity);
    this.pullSecrets = new PullSecrets(client, properties.registry());
  }

  @Override
  public List<EventSource<?, UnikernelDeployment>> prepareEventSources(
      EventSourceContext<UnikernelDeployment> context) {
    return List.of(
        owned(Deployment.class, context),
        owned(Job.class, context),
        owned(Service.class, context),
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, UnikernelDeployment.class)
                .withLabelSelector(Workloads.DEPLOYMENT_LABEL)
                .withSecondaryToPrimaryMapper(
                    (Pod pod) ->
                        Set.of(
                            new ResourceID(
                                pod.getMetadata().getLabels().get(Workloads.DEPLOYMENT_LABEL),
                                pod.getMetadata().getNamespace())))
                .build(),
            context));
  }

  private static <R extends HasMetadata> InformerEventSource<R, UnikernelDeployment> owned(
      Class<R> type, EventSourceContext<UnikernelDeployment> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, UnikernelDeployment.class)
            .withLabelSelector(Workloads.DEPLOYMENT_LABEL)
            .build(),
        context);
  }

  @Override
  public UpdateControl<UnikernelDeployment> reconcile(
      UnikernelDeployment resource, Context<UnikernelDeployment> context)
      throws RegistryResolver.RegistryUnavailableException {
    String namespace = resource.getMetadata().getNamespace();
    long generation = resource.getMetadata().getGeneration();
    UnikernelDeploymentStatus previous = resource.getStatus();
    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
    Optional<Job> job = context.getSecondaryResource(Job.class);
    String registryHost = properties.registry().imageHost();

    SpecCheck.Result checked =
        SpecCheck.check(resource.getSpec(), registryHost, properties.runtimeClass());
    String problemReason = null;
    String problemMessage = null;
    String image = null;
    String digest = null;
    int desired =
        resource.getSpec() == null || resource.getSpec().replicas() == null
            ? 1
            : resource.getSpec().replicas();
    Duration reschedule = null;
    if (!checked.valid()) {
      problemReason = "InvalidSpec";
      problemMessage = String.join("; ", checked.problems());
    } else {
      SpecCheck.Desired spec = checked.desired();
      Optional<String> resolved = resolve(spec.image(), resource.getSpec().image(), previous);
      if (resolved.isEmpty()) {
        problemReason = "ImageNotFound";
        problemMessage =
            "image `"
                + spec.image().repository()
                + ":"
                + spec.image().reference()
                + "` is not in the platform registry "
                + registryHost;
        reschedule = IMAGE_RETRY;
      } else {
        digest = resolved.get();
        image = registryHost + "/" + spec.image().repository() + "@" + digest;
        String pullSecret = pullSecrets.ensure(namespace);
        if (spec.longRunning()) {
          // The status is computed from what the server answered: a just-changed Deployment is
          // one whose controller has not seen it yet, not the cached one that looks complete.
          deployment =
              Optional.of(
                  apply(
                      deployment.orElse(null),
                      Workloads.deployment(resource, spec, image, pullSecret)));
          job.ifPresent(this::delete);
          job = Optional.empty();
        } else {
          Job desiredJob = Workloads.job(resource, spec, image, pullSecret);
          // A Job's Pod template cannot change: a changed one replaces the Job.
          if (job.isPresent()
              && !Objects.equals(Workloads.hashOf(job.get()), Workloads.hashOf(desiredJob))) {
            delete(job.get());
            job = Optional.empty();
          }
          job = Optional.of(apply(job.orElse(null), desiredJob));
          deployment.ifPresent(this::delete);
          deployment = Optional.empty();
        }
        Optional<Service> service = context.getSecondaryResource(Service.class);
        if (spec.ports().isEmpty()) {
          service.ifPresent(this::delete);
        } else {
          apply(service.orElse(null), Workloads.service(resource, spec));
        }
      }
    }

    List<Pod> pods = context.getSecondaryResources(Pod.class).stream().toList();
    UnikernelDeploymentStatus status =
        StatusReport.of(
            new StatusReport.Observation(
                generation,
                desired,
                problemReason,
                problemMessage,
                image,
                digest,
                digest == null ? null : resource.getSpec().image(),
                deployment.orElse(null),
                job.orElse(null),
                pods),
            previous,
            Instant.now());
    announce(resource, previous, status);
    // Counted from the Pods themselves: the Deployment's status may not have seen the failure yet.
    long readyPods = pods.stream().filter(PodHealth::ready).count();
    if (deployment.isPresent() && readyPods >= desired) {
      removeReplacedPods(pods);
    }

    UpdateControl<UnikernelDeployment> control;
    if (status.equals(previous)) {
      control = UpdateControl.noUpdate();
    } else {
      resource.setStatus(status);
      // The operator alone writes the status (server-side apply, its own field manager): no
      // optimistic lock, or every write racing a change of the resource would fail with a conflict
      // (the change triggers the next reconciliation anyway).
      resource.getMetadata().setResourceVersion(null);
      control = UpdateControl.patchStatus(resource);
    }
    return reschedule == null ? control : control.rescheduleAfter(reschedule);
  }

  @Override
  public ErrorStatusUpdateControl<UnikernelDeployment> updateErrorStatus(
      UnikernelDeployment resource, Context<UnikernelDeployment> context, Exception e) {
    // The registry or the API server failed us: say so, and let the framework retry with back-off.
    if (conflict(e)) {
      // Another writer came first: retried at once with the newer resource, nothing to report.
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String reason =
        e instanceof RegistryResolver.RegistryUnavailableException
            ? "RegistryUnavailable"
            : "ReconcileError";
    log.warn("reconciling {} failed: {}", resource.getMetadata().getName(), e.toString());
    UnikernelDeploymentStatus previous = resource.getStatus();
    Condition ready = StatusReport.find(previous, StatusReport.READY);
    if (ready != null && reason.equals(ready.getReason())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    UnikernelDeploymentStatus status =
        StatusReport.of(
            new StatusReport.Observation(
                resource.getMetadata().getGeneration(),
                0,
                reason,
                e.getMessage(),
                null,
                null,
                null,
                null,
                null,
                List.of()),
            previous,
            Instant.now());
    events.warning(resource, reason, e.getMessage());
    // What was observed before stands; only the conditions say what failed.
    resource.setStatus(previous == null ? status : previous.withConditions(status.conditions()));
    resource.getMetadata().setResourceVersion(null); // As in reconcile: no optimistic lock.
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private static boolean conflict(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException kubernetes && kubernetes.getCode() == 409) {
        return true;
      }
    }
    return false;
  }

  /**
   * The image's digest. A tag is looked up when the spec changed or the last lookup found nothing;
   * otherwise the digest in the status stands, so a moved tag never rolls out by surprise.
   */
  private Optional<String> resolve(
      ImageReference image, String specImage, UnikernelDeploymentStatus previous)
      throws RegistryResolver.RegistryUnavailableException {
    Condition ready = StatusReport.find(previous, StatusReport.READY);
    boolean known =
        previous != null
            && previous.imageDigest() != null
            && Objects.equals(previous.resolvedFrom(), specImage)
            && (ready == null || !"ImageNotFound".equals(ready.getReason()));
    if (known) {
      return Optional.of(previous.imageDigest());
    }
    return registry.resolve(image);
  }

  /**
   * Writes {@code desired} when nothing exists or it was built from something else; returns the
   * object as it now is (the existing one when nothing was written).
   */
  private <T extends HasMetadata> T apply(T existing, T desired) {
    if (existing != null && Objects.equals(Workloads.hashOf(existing), Workloads.hashOf(desired))) {
      return existing;
    }
    try {
      return client
          .resource(desired)
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(Workloads.MANAGER)
                  .withForce(true)
                  .build());
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "could not write "
              + desired.getKind()
              + " "
              + desired.getMetadata().getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Deletes a Deployment's failed Pods once every replica is ready again: they were replaced, their
   * failure was a Warning event, and left alone (Kubernetes keeps them until thousands pile up)
   * they would be counted as failures at every later scale-up or rollout.
   */
  private void removeReplacedPods(List<Pod> pods) {
    for (Pod pod : pods) {
      if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
        log.info("deleting replaced failed Pod {}", pod.getMetadata().getName());
        client.resource(pod).delete();
      }
    }
  }

  private void delete(HasMetadata owned) {
    client
        .resource(owned)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }

  /** Events for conditions that changed: a new problem is a warning, becoming ready is news. */
  private void announce(
      UnikernelDeployment resource,
      UnikernelDeploymentStatus before,
      UnikernelDeploymentStatus after) {
    Condition degraded = StatusReport.find(after, StatusReport.DEGRADED);
    Condition wasDegraded = StatusReport.find(before, StatusReport.DEGRADED);
    if ("True".equals(degraded.getStatus())
        && (wasDegraded == null
            || !"True".equals(wasDegraded.getStatus())
            || !Objects.equals(wasDegraded.getMessage(), degraded.getMessage()))) {
      events.warning(resource, degraded.getReason(), degraded.getMessage());
    }
    Condition ready = StatusReport.find(after, StatusReport.READY);
    Condition wasReady = StatusReport.find(before, StatusReport.READY);
    if ("True".equals(ready.getStatus())
        && (wasReady == null || !"True".equals(wasReady.getStatus()))) {
      events.normal(resource, ready.getReason(), ready.getMessage());
    }
  }
}
