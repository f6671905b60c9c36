package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A build's life through the workers' protocol against a real PostgreSQL: one task per target,
 * lease, heartbeat, results, the derived build state, cancellation in every state, and what a
 * worker gets when it no longer holds a lease (409) or names what does not exist (404).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BuildLifecycleIT {
  @LocalServerPort int port;
  private ApiClient api;
  private BuildTestSupport steps;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
    steps = new BuildTestSupport(api);
    steps.recipe("lifecycle");
    steps.drainQueue();
  }

  @Test
  void buildsAndWorkersAreListedNewestFirstWithWhatTheyHold() {
    long older = steps.build("lifecycle");
    long newer = steps.build("lifecycle");
    long worker = steps.worker("lister");
    steps.lease(worker);

    Response builds = api.get("/api/v1/builds?size=2");
    Response workers = api.get("/api/v1/workers");

    assertThat(builds.status()).isEqualTo(200);
    assertThat(builds.body().findValuesAsString("recipe")).containsOnly("lifecycle");
    assertThat(builds.body().get(0).get("id").asLong()).isEqualTo(newer);
    assertThat(builds.body().get(1).get("id").asLong()).isEqualTo(older);
    JsonNode lister = null;
    for (JsonNode candidate : workers.body()) {
      if (candidate.get("id").asLong() == worker) {
        lister = candidate;
      }
    }
    assertThat(lister).isNotNull();
    assertThat(lister.get("activeTasks").asInt()).isEqualTo(1);
    assertThat(lister.get("lastSeenAt").asString()).isNotBlank();
  }

  @Test
  void tasksMoveThroughLeaseHeartbeatAndResultAndTheBuildFollows() {
    long build = steps.build("lifecycle");
    long worker = steps.worker("w1");
    assertThat(steps.buildState(build)).isEqualTo("queued");

    Response first = steps.lease(worker);
    long firstTask = first.body().at("/task/id").asLong();
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().at("/task/state").asString()).isEqualTo("leased");
    assertThat(first.body().at("/task/attempts").asInt()).isEqualTo(1);
    assertThat(first.body().at("/plan/libraries").size()).isGreaterThanOrEqualTo(4);
    assertThat(first.body().get("application").asString()).isEqualTo("hello");
    assertThat(steps.buildState(build)).isEqualTo("running");

    Response beat = steps.heartbeat(firstTask, worker);
    assertThat(beat.status()).isEqualTo(200);
    assertThat(beat.body().get("cancelRequested").asBoolean()).isFalse();
    assertThat(steps.succeed(firstTask, worker).body().get("state").asString())
        .isEqualTo("succeeded");
    Response again = steps.succeed(firstTask, worker);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().get("detail").asString()).contains("already succeeded");

    long secondTask = steps.lease(worker).body().at("/task/id").asLong();
    assertThat(steps.fail(secondTask, worker, null).status()).isEqualTo(400);
    assertThat(steps.fail(secondTask, worker, "compiler crashed").status()).isEqualTo(200);
    assertThat(steps.buildState(build)).isEqualTo("failed");
    assertThat(api.get("/api/v1/builds/" + build).text())
        .contains("compiler crashed")
        .contains("sha256:");
  }

  @Test
  void cancelStopsQueuedTasksAtOnceAndRunningOnesAtTheirNextHeartbeat() {
    long build = steps.build("lifecycle");
    long worker = steps.worker("w2");
    long running = steps.lease(worker).body().at("/task/id").asLong();
    steps.heartbeat(running, worker);

    Response cancelled = api.post("/api/v1/builds/" + build + "/cancel", "");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.text())
        .contains("\"state\":\"cancelled\"")
        .contains("\"cancelRequested\":true");
    assertThat(cancelled.body().get("state").asString()).isEqualTo("running");

    Response beat = steps.heartbeat(running, worker);
    assertThat(beat.body().get("cancelRequested").asBoolean()).isTrue();
    assertThat(steps.succeed(running, worker).status()).isEqualTo(409);
    assertThat(steps.buildState(build)).isEqualTo("cancelled");
    assertThat(api.post("/api/v1/builds/" + build + "/cancel", "").status()).isEqualTo(200);
  }

  @Test
  void workersGet404ForWhatDoesNotExistAnd409ForLeasesTheyDoNotHold() {
    steps.build("lifecycle");
    long holder = steps.worker("holder");
    long other = steps.worker("other");
    long task = steps.lease(holder).body().at("/task/id").asLong();

    assertThat(steps.lease(424242).status()).isEqualTo(404);
    assertThat(steps.heartbeat(424242, holder).status()).isEqualTo(404);
    assertThat(steps.heartbeat(task, other).status()).isEqualTo(409);
    assertThat(steps.succeed(task, other).status()).isEqualTo(409);
    assertThat(api.get("/api/v1/builds/424242").status()).isEqualTo(404);
    assertThat(api.post("/api/v1/builds", "{\"recipe\": \"absent\"}").status()).isEqualTo(404);
    assertThat(
            api.post(
                    "/api/v1/workers",
                    "{\"name\":\"x\",\"platforms\":[\"Q E M U\"],\"architectures\":[\"x86_64\"],\"capacity\":1}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void aWorkerAtCapacityGetsNothingMoreAndAnEmptyQueueAnswers204() {
    long worker =
        api.post(
                "/api/v1/workers",
                "{\"name\":\"small\",\"platforms\":[\"qemu\",\"linuxu\"],\"architectures\":[\"x86_64\"],"
                    + "\"capacity\":1}")
            .body()
            .get("id")
            .asLong();
    steps.build("lifecycle");

    assertThat(steps.lease(worker).status()).isEqualTo(200);
    assertThat(steps.lease(worker).status()).isEqualTo(204);
    long idle = steps.worker("idle");
    assertThat(steps.lease(idle).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/workers/" + idle + "/leases?waitSeconds=1", "").status())
        .isEqualTo(204);
  }

  /** Tests share one database: leave no queued task from an earlier test. */
}
