package dev.unicore.controlplane.deployments;

import dev.unicore.controlplane.deployments.DeploymentStore.AgentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.DeploymentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.InstanceRow;
import dev.unicore.controlplane.problems.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Deployments a Kubernetes cluster defines ({@code UnikernelDeployment} resources), kept equal to
 * the set its agent reports in each heartbeat. The deployments managed by the agent's <em>name</em>
 * (an operator that restarts registers again under a new id, same name) are created, changed and
 * deleted to match the report: a missing one is created in the agent's pool, a changed one updated
 * (a new image digest is a new revision; replicas, resources, command line, environment and restart
 * policy change in place), one no longer reported deleted like a REST delete.
 *
 * <p>A reported deployment that cannot be applied — a bad or repeated name, a name another
 * deployment holds, an image the registry does not have, a changed platform, no room — is skipped
 * and returned as a {@link Problem}; the others apply, and a skipped one that exists keeps its last
 * applied state. An image is looked up in the registry only when its reference differs from the one
 * last reported ({@code reported_image}), so a steady cluster costs no registry traffic.
 *
 * <p>Transactions: both steps run inside {@link AgentService#heartbeat}'s transaction; {@link
 * #resolveChangedImages} before the placement lock is taken (it waits on the registry), {@link
 * #apply} under it.
 */
@Component
class ClusterDeployments {
  private final DeploymentStore store;
  private final Reconciler reconciler;
  private final ImageResolver images;

  ClusterDeployments(DeploymentStore store, Reconciler reconciler, ImageResolver images) {
    this.store = store;
    this.reconciler = reconciler;
    this.images = images;
  }

  /** A deployment as the cluster defines it. */
  record Defined(
      String name,
      String image,
      String platform,
      int replicas,
      int memoryMib,
      int cpus,
      String commandLine,
      Map<String, String> environment,
      String restartPolicy) {}

  /** A reported deployment that was skipped, and why. */
  record Problem(String name, String detail) {}

  /** An image lookup's outcome: the image found, or why not. */
  record Resolution(ImageResolver.ResolvedImage image, String problem) {}

  /**
   * Looks up, by image reference, the images of the reported deployments that are new or whose
   * image changed since the last report; the others need no lookup.
   */
  Map<String, Resolution> resolveChangedImages(AgentRow agent, List<Defined> defined) {
    Map<String, DeploymentRow> live = liveByName();
    Map<String, Resolution> resolutions = new HashMap<>();
    for (Defined deployment : defined) {
      DeploymentRow existing = live.get(deployment.name());
      boolean ours = existing != null && agent.name().equals(existing.managedBy());
      boolean taken = existing != null && !ours;
      boolean changed = !ours || !deployment.image().equals(existing.reportedImage());
      if (!taken && changed && DeploymentService.badName(deployment.name()).isEmpty()) {
        resolutions.computeIfAbsent(deployment.image(), this::resolve);
      }
    }
    return resolutions;
  }

  /**
   * Makes the deployments managed by {@code agent}'s name equal to {@code defined}. The caller
   * holds the placement lock.
   *
   * @param resolutions the images {@link #resolveChangedImages} looked up; one missing (the state
   *     changed in between) is looked up now
   * @return the reported deployments that were skipped
   */
  List<Problem> apply(
      AgentRow agent, List<Defined> defined, Map<String, Resolution> resolutions, Instant now) {
    Map<String, DeploymentRow> live = liveByName();
    List<Problem> problems = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (Defined deployment : defined) {
      Optional<String> problem;
      if (!reported.add(deployment.name())) {
        problem = Optional.of("reported twice; a cluster defines each name once");
      } else {
        problem =
            DeploymentService.badName(deployment.name())
                .or(() -> applyOne(agent, deployment, live, resolutions, now));
      }
      problem.ifPresent(detail -> problems.add(new Problem(deployment.name(), detail)));
    }
    for (DeploymentRow managed : live.values()) {
      if (agent.name().equals(managed.managedBy()) && !reported.contains(managed.name())) {
        store.markDeleted(managed.id(), now);
        reconciler.reconcile(managed.id(), now);
      }
    }
    return problems;
  }

  private Optional<String> applyOne(
      AgentRow agent,
      Defined deployment,
      Map<String, DeploymentRow> live,
      Map<String, Resolution> resolutions,
      Instant now) {
    DeploymentRow existing = live.get(deployment.name());
    if (existing == null) {
      return create(agent, deployment, resolutions, now);
    }
    if (!agent.name().equals(existing.managedBy())) {
      return Optional.of(
          "the name "
              + deployment.name()
              + " is taken by "
              + (existing.managed()
                  ? "the deployment of cluster " + existing.managedBy()
                  : "a deployment made through the API")
              + "; rename the UnikernelDeployment, or delete the other deployment");
    }
    return update(agent, existing, deployment, resolutions, now);
  }

  private Optional<String> create(
      AgentRow agent, Defined deployment, Map<String, Resolution> resolutions, Instant now) {
    Resolution resolution = resolution(deployment.image(), resolutions);
    if (resolution.problem() != null) {
      return Optional.of(resolution.problem());
    }
    Optional<String> noRoom =
        reconciler.noRoom(
            agent.pool(), agent.name(), deployment.platform(), deployment.replicas(), now);
    if (noRoom.isPresent()) {
      return noRoom;
    }
    long id =
        store.insertDeployment(
            deployment.name(),
            agent.pool(),
            deployment.platform(),
            deployment.replicas(),
            deployment.memoryMib(),
            deployment.cpus(),
            deployment.commandLine(),
            deployment.environment(),
            deployment.restartPolicy(),
            agent.name(),
            deployment.image(),
            now);
    store.insertRevision(
        id,
        1,
        deployment.image(),
        resolution.image().repository(),
        resolution.image().digest(),
        now);
    reconciler.reconcile(id, now);
    return Optional.empty();
  }

  private Optional<String> update(
      AgentRow agent,
      DeploymentRow existing,
      Defined deployment,
      Map<String, Resolution> resolutions,
      Instant now) {
    if (!existing.platform().equals(deployment.platform())) {
      return Optional.of(
          "the platform of deployment "
              + existing.name()
              + " cannot change from "
              + existing.platform()
              + " to "
              + deployment.platform()
              + "; give the UnikernelDeployment a new name instead");
    }
    boolean imageChanged = !deployment.image().equals(existing.reportedImage());
    boolean settingsChanged =
        existing.replicas() != deployment.replicas()
            || existing.memoryMib() != deployment.memoryMib()
            || existing.cpus() != deployment.cpus()
            || !existing.commandLine().equals(deployment.commandLine())
            || !existing.environment().equals(deployment.environment())
            || !existing.restartPolicy().equals(deployment.restartPolicy());
    if (!imageChanged && !settingsChanged) {
      return Optional.empty();
    }
    ImageResolver.ResolvedImage image = null;
    if (imageChanged) {
      Resolution resolution = resolution(deployment.image(), resolutions);
      if (resolution.problem() != null) {
        return Optional.of(resolution.problem());
      }
      image = resolution.image();
    }
    int running =
        (int) store.instances(existing.id()).stream().filter(InstanceRow::running).count();
    Optional<String> noRoom =
        reconciler.noRoom(
            existing.pool(),
            agent.name(),
            existing.platform(),
            Math.max(0, deployment.replicas() - running),
            now);
    if (noRoom.isPresent()) {
      return noRoom;
    }
    int revision = existing.revision();
    if (image != null
        && !image.digest().equals(store.revision(existing.id(), revision).imageDigest())) {
      revision++;
      store.insertRevision(
          existing.id(), revision, deployment.image(), image.repository(), image.digest(), now);
    }
    store.updateClusterDeployment(
        existing.id(),
        deployment.replicas(),
        deployment.memoryMib(),
        deployment.cpus(),
        deployment.commandLine(),
        deployment.environment(),
        deployment.restartPolicy(),
        revision,
        deployment.image());
    reconciler.reconcile(existing.id(), now);
    return Optional.empty();
  }

  private Resolution resolution(String image, Map<String, Resolution> resolutions) {
    Resolution resolution = resolutions.get(image);
    return resolution != null ? resolution : resolve(image);
  }

  private Resolution resolve(String image) {
    try {
      return new Resolution(images.resolve(image), null);
    } catch (ApiException e) {
      return new Resolution(null, e.getMessage());
    }
  }

  private Map<String, DeploymentRow> liveByName() {
    return store.deployments().stream()
        .collect(Collectors.toMap(DeploymentRow::name, Function.identity()));
  }
}
