package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Workers die: a worker that stops heartbeating loses its task to another worker and the build
 * still succeeds; the silent worker's late heartbeat and result are refused; a task whose lease
 * expires on every attempt fails with the reason. Leases last one second here.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "unicore.builds.lease-duration=1s",
      "unicore.builds.max-attempts=2",
      "unicore.builds.reap-interval=200ms"
    })
class LeaseExpiryIT {
  @LocalServerPort int port;
  private BuildTestSupport steps;
  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
    steps = new BuildTestSupport(api);
    steps.recipe("expiry");
  }

  @Test
  void aSilentWorkerLosesItsTaskAndTheBuildStillSucceeds() throws Exception {
    long build = steps.build("expiry");
    long silent = steps.worker("silent");
    long healthy = steps.worker("healthy");
    List<Long> lost = new ArrayList<>();
    lost.add(steps.lease(silent).body().at("/task/id").asLong());
    lost.add(steps.lease(silent).body().at("/task/id").asLong());

    Thread.sleep(1500);
    for (int taken = 0; taken < 2; taken++) {
      Response lease = api.post("/api/v1/workers/" + healthy + "/leases?waitSeconds=5", "");
      assertThat(lease.status()).isEqualTo(200);
      long task = lease.body().at("/task/id").asLong();
      assertThat(lost).contains(task);
      assertThat(lease.body().at("/task/attempts").asInt()).isEqualTo(2);
      assertThat(steps.succeed(task, healthy).status()).isEqualTo(200);
    }

    assertThat(steps.buildState(build)).isEqualTo("succeeded");
    assertThat(steps.heartbeat(lost.get(0), silent).status()).isEqualTo(409);
    assertThat(steps.succeed(lost.get(1), silent).status()).isEqualTo(409);
  }

  @Test
  void aTaskWhoseLeaseExpiresOnEveryAttemptFailsWithTheReason() throws Exception {
    long build = steps.build("expiry");
    long flaky = steps.worker("flaky");
    for (int attempt = 0; attempt < 2; attempt++) {
      while (steps.lease(flaky).status() == 200) {
        // Take everything; never heartbeat.
      }
      Thread.sleep(1500);
    }
    Thread.sleep(500);

    Response result = api.get("/api/v1/builds/" + build);
    assertThat(result.body().get("state").asString()).isEqualTo("failed");
    assertThat(result.body().at("/tasks/0/failureReason").asString())
        .contains("the lease expired on each of 2 attempts");
  }
}
