package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.BuildsApi;
import dev.unicore.client.api.TokensApi;
import dev.unicore.client.api.WorkersApi;
import dev.unicore.client.invoker.ApiClient;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.Build;
import dev.unicore.client.model.CreatedToken;
import dev.unicore.client.model.LogLines;
import dev.unicore.client.model.TaskLease;
import dev.unicore.client.model.TaskResult;
import dev.unicore.client.model.TokenRequest;
import dev.unicore.client.model.WorkerReference;
import dev.unicore.client.model.WorkerRegistration;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Java client generated from openapi/unicore.yaml (module control-plane-client), the one
 * workers and agents use, driven against the real server: a worker with a worker-only token
 * registers, leases, heartbeats, streams log lines and reports its result; errors arrive as {@link
 * ApiException} with the status and the problem document; a revoked token stops working at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientIT {
  @LocalServerPort int port;

  @Test
  void aWorkerRunsATaskThroughTheGeneratedClient() throws Exception {
    BuildTestSupport steps = new BuildTestSupport(new dev.unicore.controlplane.ApiClient(port));
    steps.recipe("generated-client");
    steps.drainQueue();
    ApiClient admin = client(dev.unicore.controlplane.ApiClient.ADMIN_TOKEN);
    CreatedToken workerToken =
        new TokensApi(admin)
            .createToken(
                new TokenRequest()
                    .name("client-worker")
                    .roles(List.of(TokenRequest.RolesEnum.WORKER)));
    BuildsApi builds = new BuildsApi(admin);
    Build build =
        builds.createBuild(
            new dev.unicore.client.model.BuildRequest().recipe("generated-client").noCache(true));

    WorkersApi worker = new WorkersApi(client(workerToken.getSecret()));
    long workerId =
        worker
            .registerWorker(
                new WorkerRegistration()
                    .name("generated")
                    .platforms(List.of("qemu", "linuxu"))
                    .architectures(List.of("x86_64"))
                    .capacity(2))
            .getId();
    TaskLease lease = worker.leaseTask(workerId, 0);
    long task = lease.getTask().getId();
    assertThat(lease.getTask().getBuildId()).isEqualTo(build.getId());
    assertThat(lease.getApplication()).isEqualTo("hello");
    assertThat(lease.getPlan().getLibraries()).isNotEmpty();
    assertThat(
            worker
                .heartbeatTask(task, new WorkerReference().workerId(workerId))
                .getCancelRequested())
        .isFalse();
    worker.appendTaskLog(task, new LogLines().workerId(workerId).lines(List.of("CC main.c", "LD")));
    TaskResult success =
        new TaskResult()
            .workerId(workerId)
            .outcome(TaskResult.OutcomeEnum.SUCCEEDED)
            .imageDigest("sha256:" + "1".repeat(64))
            .kernelSizeBytes(30_264L)
            .durationMillis(1200L);
    assertThat(worker.completeTask(task, success).getState().getValue()).isEqualTo("succeeded");
    assertThat(builds.getTaskLog(task)).contains("CC main.c\nLD\n");

    ApiException again =
        catchThrowableOfType(ApiException.class, () -> worker.completeTask(task, success));
    assertThat(again.getCode()).isEqualTo(409);
    assertThat(again.getResponseBody()).contains("\"status\":409").contains("already succeeded");

    ApiException notAWorkerRoute =
        catchThrowableOfType(
            ApiException.class, () -> new TokensApi(client(workerToken.getSecret())).listTokens());
    assertThat(notAWorkerRoute.getCode()).isEqualTo(403);

    new TokensApi(admin).revokeToken(workerToken.getToken().getId());
    ApiException revoked =
        catchThrowableOfType(ApiException.class, () -> worker.leaseTask(workerId, 0));
    assertThat(revoked.getCode()).isEqualTo(401);
    assertThat(revoked.getResponseBody()).contains("revoked");
  }

  private ApiClient client(String token) {
    return ControlPlaneClients.create(
        URI.create("http://127.0.0.1:" + port), token, Duration.ofSeconds(30));
  }
}
