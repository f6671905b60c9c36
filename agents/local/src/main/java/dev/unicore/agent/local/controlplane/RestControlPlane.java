package dev.unicore.agent.local.controlplane;

import dev.unicore.agent.local.reconcile.ControlPlane;
import dev.unicore.agent.local.runtime.InstanceSpec;
import dev.unicore.agent.local.runtime.RestartPolicy;
import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.AgentsApi;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.AgentAssignments;
import dev.unicore.client.model.AgentRegistration;
import dev.unicore.client.model.AgentReport;
import dev.unicore.client.model.InstanceAssignment;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' protocol over the control plane's generated client. Assignments the agent cannot
 * understand (an unknown restart policy) are skipped with a warning, never fatal to the others.
 */
public final class RestControlPlane implements ControlPlane {
  private static final Logger log = LoggerFactory.getLogger(RestControlPlane.class);
  private final AgentsApi agents;

  public RestControlPlane(URI url, String token, Duration requestTimeout) {
    this.agents = new AgentsApi(ControlPlaneClients.create(url, token, requestTimeout));
  }

  @Override
  public long register(Registration registration) throws ControlPlaneException {
    try {
      return agents
          .registerAgent(
              new AgentRegistration()
                  .name(registration.name())
                  .kind(AgentRegistration.KindEnum.LOCAL)
                  .pool(registration.pool())
                  .platforms(
                      registration.platforms().stream()
                          .map(AgentRegistration.PlatformsEnum::fromValue)
                          .toList())
                  .capacity(registration.capacity()))
          .getId();
    } catch (ApiException e) {
      throw failure("registration", e);
    }
  }

  @Override
  public Assignments heartbeat(long agentId, List<ControlPlane.InstanceReport> reports)
      throws ControlPlaneException {
    AgentReport report =
        new AgentReport()
            .instances(
                reports.stream()
                    .map(
                        instance ->
                            new dev.unicore.client.model.InstanceReport()
                                .id(instance.id())
                                .state(
                                    dev.unicore.client.model.InstanceReport.StateEnum.fromValue(
                                        instance.state().value()))
                                .restarts(instance.restarts())
                                .exitStatus(instance.exitStatus())
                                .consoleTail(instance.consoleTail()))
                    .toList());
    AgentAssignments answer;
    try {
      answer = agents.agentHeartbeat(agentId, report);
    } catch (ApiException e) {
      throw failure("heartbeat", e);
    }
    List<Assignment> assignments = new ArrayList<>();
    for (InstanceAssignment instance : answer.getInstances()) {
      RestartPolicy policy;
      try {
        policy = RestartPolicy.parse(instance.getRestartPolicy());
      } catch (IllegalArgumentException e) {
        log.warn("instance {}: {}; skipped", instance.getId(), e.getMessage());
        continue;
      }
      InstanceSpec spec =
          new InstanceSpec(
              instance.getId(),
              instance.getDeployment(),
              instance.getRepository(),
              instance.getImageDigest(),
              instance.getPlatform(),
              instance.getMemoryMiB(),
              instance.getCpus(),
              instance.getCommandLine(),
              instance.getEnvironment(),
              policy);
      Desired desired =
          instance.getDesired() == InstanceAssignment.DesiredEnum.RUN ? Desired.RUN : Desired.STOP;
      assignments.add(new Assignment(spec, desired));
    }
    return new Assignments(answer.getLeaseExpiresAt().toInstant(), assignments);
  }

  private static ControlPlaneException failure(String call, ApiException e) {
    String body = e.getResponseBody() == null ? "" : ": " + e.getResponseBody();
    return new ControlPlaneException(
        call
            + " failed"
            + (e.getCode() == 0 ? " (" + e.getMessage() + ")" : " with " + e.getCode() + body),
        e.getCode() == 404,
        e);
  }
}
