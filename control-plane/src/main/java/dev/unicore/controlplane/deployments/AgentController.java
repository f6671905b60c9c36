package dev.unicore.controlplane.deployments;

import dev.unicore.controlplane.api.AgentsApi;
import dev.unicore.controlplane.api.model.Agent;
import dev.unicore.controlplane.api.model.AgentAssignments;
import dev.unicore.controlplane.api.model.AgentDeployment;
import dev.unicore.controlplane.api.model.AgentRegistration;
import dev.unicore.controlplane.api.model.AgentReport;
import dev.unicore.controlplane.api.model.DeploymentProblem;
import dev.unicore.controlplane.api.model.InstanceAssignment;
import dev.unicore.controlplane.deployments.DeploymentStore.AgentRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/agents}: registration, heartbeats with reports and assignments, the list. */
@RestController
class AgentController implements AgentsApi {
  private final AgentService agents;

  AgentController(AgentService agents) {
    this.agents = agents;
  }

  @Override
  public ResponseEntity<Agent> registerAgent(AgentRegistration registration) {
    AgentRow agent =
        agents.register(
            registration.getName(),
            registration.getKind().getValue(),
            registration.getPool(),
            registration.getPlatforms().stream()
                .map(AgentRegistration.PlatformsEnum::getValue)
                .distinct()
                .toList(),
            registration.getCapacity());
    return ResponseEntity.status(HttpStatus.CREATED).body(toModel(agent, 0));
  }

  @Override
  public ResponseEntity<AgentAssignments> agentHeartbeat(Long id, AgentReport report) {
    AgentService.Assignments assignments =
        agents.heartbeat(
            id,
            report.getInstances().stream()
                .map(
                    instance ->
                        new AgentService.Report(
                            instance.getId(),
                            instance.getState().getValue(),
                            instance.getRestarts(),
                            instance.getExitStatus(),
                            instance.getConsoleTail()))
                .toList(),
            report.getDeployments() == null
                ? null
                : report.getDeployments().stream().map(AgentController::toDefined).toList());
    AgentAssignments answer =
        new AgentAssignments(
            DeploymentController.utc(assignments.leaseExpiresAt()),
            assignments.instances().stream().map(AgentController::toModel).toList());
    answer.setDeploymentProblems(
        assignments.deploymentProblems().stream()
            .map(problem -> new DeploymentProblem(problem.name(), problem.detail()))
            .toList());
    return ResponseEntity.ok(answer);
  }

  private static ClusterDeployments.Defined toDefined(AgentDeployment deployment) {
    return new ClusterDeployments.Defined(
        deployment.getName(),
        deployment.getImage(),
        deployment.getPlatform().getValue(),
        deployment.getReplicas(),
        deployment.getMemoryMiB(),
        deployment.getCpus(),
        deployment.getCommandLine(),
        deployment.getEnvironment() == null
            ? Map.of()
            : new LinkedHashMap<>(deployment.getEnvironment()),
        deployment.getRestartPolicy().getValue());
  }

  @Override
  public ResponseEntity<List<Agent>> listAgents() {
    Map<Long, Integer> loads = agents.loads();
    return ResponseEntity.ok(
        agents.list().stream()
            .map(agent -> toModel(agent, loads.getOrDefault(agent.id(), 0)))
            .toList());
  }

  private static Agent toModel(AgentRow agent, int instances) {
    return new Agent(
        agent.id(),
        agent.name(),
        agent.kind(),
        agent.pool(),
        agent.platforms(),
        agent.capacity(),
        DeploymentController.utc(agent.registeredAt()),
        DeploymentController.utc(agent.lastHeartbeatAt()),
        instances);
  }

  private static InstanceAssignment toModel(AgentService.Assignment assignment) {
    var deployment = assignment.deployment();
    return new InstanceAssignment(
        assignment.instance().id(),
        deployment.name(),
        assignment.revision().repository(),
        assignment.revision().imageDigest(),
        deployment.platform(),
        deployment.memoryMib(),
        deployment.cpus(),
        deployment.commandLine(),
        new LinkedHashMap<>(deployment.environment()),
        deployment.restartPolicy(),
        InstanceAssignment.DesiredEnum.fromValue(assignment.instance().desired()));
  }
}
