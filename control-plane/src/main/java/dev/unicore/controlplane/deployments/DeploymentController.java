package dev.unicore.controlplane.deployments;

import dev.unicore.controlplane.api.DeploymentsApi;
import dev.unicore.controlplane.api.model.Deployment;
import dev.unicore.controlplane.api.model.DeploymentRequest;
import dev.unicore.controlplane.api.model.DeploymentUpdate;
import dev.unicore.controlplane.api.model.Instance;
import dev.unicore.controlplane.deployments.DeploymentService.DeploymentView;
import dev.unicore.controlplane.deployments.DeploymentStore.DeploymentRow;
import dev.unicore.controlplane.deployments.DeploymentStore.InstanceRow;
import dev.unicore.controlplane.deployments.DeploymentStore.RevisionRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/deployments}: desired state in, deployments with their instances out. */
@RestController
class DeploymentController implements DeploymentsApi {
  private final DeploymentService deployments;

  DeploymentController(DeploymentService deployments) {
    this.deployments = deployments;
  }

  @Override
  public ResponseEntity<Deployment> createDeployment(DeploymentRequest request) {
    Map<String, String> environment =
        request.getEnvironment() == null ? Map.of() : new LinkedHashMap<>(request.getEnvironment());
    DeploymentView created =
        deployments.create(
            new DeploymentService.NewDeployment(
                request.getName(),
                request.getImage(),
                request.getPool(),
                request.getPlatform().getValue(),
                request.getReplicas(),
                request.getMemoryMiB(),
                request.getCpus(),
                request.getCommandLine(),
                environment,
                request.getRestartPolicy().getValue()));
    return ResponseEntity.status(HttpStatus.CREATED).body(toModel(created));
  }

  @Override
  public ResponseEntity<Deployment> updateDeployment(String name, DeploymentUpdate update) {
    return ResponseEntity.ok(
        toModel(deployments.update(name, update.getImage(), update.getReplicas())));
  }

  @Override
  public ResponseEntity<Deployment> rollbackDeployment(String name) {
    return ResponseEntity.ok(toModel(deployments.rollback(name)));
  }

  @Override
  public ResponseEntity<Void> deleteDeployment(String name) {
    deployments.delete(name);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<Deployment> getDeployment(String name) {
    return ResponseEntity.ok(toModel(deployments.get(name)));
  }

  @Override
  public ResponseEntity<List<Deployment>> listDeployments() {
    return ResponseEntity.ok(
        deployments.list().stream().map(DeploymentController::toModel).toList());
  }

  static Deployment toModel(DeploymentView view) {
    DeploymentRow deployment = view.deployment();
    RevisionRow current = view.current();
    Deployment model =
        new Deployment(
            deployment.name(),
            current.image(),
            current.repository(),
            current.imageDigest(),
            deployment.pool(),
            deployment.platform(),
            deployment.replicas(),
            deployment.memoryMib(),
            deployment.cpus(),
            deployment.commandLine(),
            new LinkedHashMap<>(deployment.environment()),
            deployment.restartPolicy(),
            deployment.revision(),
            Deployment.StateEnum.fromValue(view.state()),
            utc(deployment.createdAt()),
            view.instances().stream()
                .map(instance -> toModel(instance, view.revisions().get(instance.revision())))
                .toList());
    model.setManagedBy(deployment.managedBy());
    return model;
  }

  private static Instance toModel(InstanceRow row, RevisionRow revision) {
    Instance instance =
        new Instance(
            row.id(),
            row.revision(),
            revision.imageDigest(),
            Instance.StateEnum.fromValue(row.state()),
            Instance.DesiredEnum.fromValue(row.desired()),
            row.restarts());
    instance.setAgentId(row.agentId());
    instance.setExitStatus(row.exitStatus());
    instance.setConsoleTail(row.consoleTail());
    instance.setUpdatedAt(utc(row.updatedAt()));
    return instance;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
