package dev.unicore.controlplane.deployments;

import dev.unicore.controlplane.deployments.DeploymentStore.DeploymentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.InstanceRow;
import dev.unicore.controlplane.deployments.DeploymentStore.RevisionRow;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments as the API changes them. Each change is one transaction under the placement lock: it
 * is checked whole (image in the registry, an agent for the platform, room for the replicas) before
 * anything is written, then reconciled into instances. A deployment a Kubernetes cluster defines
 * ({@code managedBy}) is changed by that cluster's reports only ({@link ClusterDeployments}): here
 * its changes are refused with a {@code managed-by-cluster} problem.
 */
@Service
public class DeploymentService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final DeploymentStore store;
  private final Reconciler reconciler;
  private final ImageResolver images;
  private final Clock clock = Clock.systemUTC();

  DeploymentService(DeploymentStore store, Reconciler reconciler, ImageResolver images) {
    this.store = store;
    this.reconciler = reconciler;
    this.images = images;
  }

  /** A deployment as the API shows it. */
  public record DeploymentView(
      DeploymentRow deployment,
      Map<Integer, RevisionRow> revisions,
      String state,
      List<InstanceRow> instances) {
    RevisionRow current() {
      return revisions.get(deployment.revision());
    }
  }

  /** What a new deployment asks for. */
  record NewDeployment(
      String name,
      String image,
      String pool,
      String platform,
      int replicas,
      int memoryMib,
      int cpus,
      String commandLine,
      Map<String, String> environment,
      String restartPolicy) {}

  /** Why a deployment name is refused, or empty when it is a good one. */
  static Optional<String> badName(String name) {
    if (!NAME.matcher(name).matches() || name.length() > 63) {
      return Optional.of("`name` must be at most 63 lowercase letters, digits and single hyphens");
    }
    return Optional.empty();
  }

  @Transactional
  DeploymentView create(NewDeployment request) {
    badName(request.name())
        .ifPresent(
            detail -> {
              throw new ApiException(ProblemType.MALFORMED_REQUEST, detail);
            });
    ImageResolver.ResolvedImage image = images.resolve(request.image());
    store.lockPlacement();
    var now = clock.instant();
    Optional<DeploymentRow> existing = store.deployment(request.name());
    if (existing.isPresent()) {
      requireUnmanaged(existing.get());
      throw exists(request.name());
    }
    requireRoom(request.pool(), request.platform(), request.replicas());
    long id;
    try {
      id =
          store.insertDeployment(
              request.name(),
              request.pool(),
              request.platform(),
              request.replicas(),
              request.memoryMib(),
              request.cpus(),
              request.commandLine(),
              request.environment(),
              request.restartPolicy(),
              null,
              null,
              now);
    } catch (DuplicateKeyException e) {
      throw exists(request.name());
    }
    store.insertRevision(id, 1, request.image(), image.repository(), image.digest(), now);
    reconciler.reconcile(id, now);
    return view(id);
  }

  /** Scales and/or rolls out a new image (a new revision when the digest changes). */
  @Transactional
  DeploymentView update(String name, String image, Integer replicas) {
    // A refusal for a cluster's deployment comes before the registry is asked about the image.
    store.deployment(name).ifPresent(DeploymentService::requireUnmanaged);
    ImageResolver.ResolvedImage resolved = image == null ? null : images.resolve(image);
    store.lockPlacement();
    DeploymentRow deployment = unmanaged(name);
    var now = clock.instant();
    int newReplicas = replicas == null ? deployment.replicas() : replicas;
    int revision = deployment.revision();
    if (resolved != null
        && !resolved.digest().equals(store.revision(deployment.id(), revision).imageDigest())) {
      revision++;
      store.insertRevision(
          deployment.id(), revision, image, resolved.repository(), resolved.digest(), now);
    }
    int running =
        (int) store.instances(deployment.id()).stream().filter(InstanceRow::running).count();
    requireRoom(deployment.pool(), deployment.platform(), Math.max(0, newReplicas - running));
    store.updateDeployment(deployment.id(), newReplicas, revision);
    reconciler.reconcile(deployment.id(), now);
    return view(deployment.id());
  }

  /** Rolls out the previous revision's image again, as a new revision. */
  @Transactional
  DeploymentView rollback(String name) {
    store.lockPlacement();
    DeploymentRow deployment = unmanaged(name);
    if (deployment.revision() == 1) {
      throw new ApiException(
          ProblemType.CONFLICT, "deployment " + name + " has no earlier revision to go back to");
    }
    RevisionRow previous = store.revision(deployment.id(), deployment.revision() - 1);
    var now = clock.instant();
    int revision = deployment.revision() + 1;
    store.insertRevision(
        deployment.id(),
        revision,
        previous.image(),
        previous.repository(),
        previous.imageDigest(),
        now);
    store.updateDeployment(deployment.id(), deployment.replicas(), revision);
    reconciler.reconcile(deployment.id(), now);
    return view(deployment.id());
  }

  @Transactional
  void delete(String name) {
    store.lockPlacement();
    DeploymentRow deployment = unmanaged(name);
    var now = clock.instant();
    store.markDeleted(deployment.id(), now);
    reconciler.reconcile(deployment.id(), now);
  }

  @Transactional(readOnly = true)
  DeploymentView get(String name) {
    return view(
        store.deployment(name).orElseThrow(() -> ApiException.notFound("deployment " + name)).id());
  }

  @Transactional(readOnly = true)
  public List<DeploymentView> list() {
    return store.deployments().stream().map(deployment -> view(deployment.id())).toList();
  }

  private static ApiException exists(String name) {
    return new ApiException(
        ProblemType.CONFLICT, "deployment " + name + " exists; change it with PATCH");
  }

  /** The live deployment of that name, locked, unless a cluster defines it. */
  private DeploymentRow unmanaged(String name) {
    DeploymentRow deployment =
        store.lockDeployment(name).orElseThrow(() -> ApiException.notFound("deployment " + name));
    requireUnmanaged(deployment);
    return deployment;
  }

  private static void requireUnmanaged(DeploymentRow deployment) {
    if (deployment.managed()) {
      throw new ApiException(
          ProblemType.MANAGED_BY_CLUSTER,
          "deployment "
              + deployment.name()
              + " is defined by the UnikernelDeployment in cluster "
              + deployment.managedBy()
              + "; change it there");
    }
  }

  private void requireRoom(String pool, String platform, int wanted) {
    reconciler
        .noRoom(pool, null, platform, wanted, clock.instant())
        .ifPresent(
            detail -> {
              throw new ApiException(ProblemType.UNDEPLOYABLE, detail + "; nothing was changed");
            });
  }

  private DeploymentView view(long id) {
    DeploymentRow deployment = store.deployment(id).orElseThrow();
    List<InstanceRow> instances = store.instances(id);
    return new DeploymentView(
        deployment, store.revisions(id), Reconciler.state(deployment, instances), instances);
  }
}
