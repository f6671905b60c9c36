package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The build cache: a target whose inputs (plan, application, command line) match an earlier
 * succeeded task is created succeeded with that task's image and says which task it reused; a
 * failed task is never reused; a changed command line or {@code noCache} builds anew.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BuildCacheIT {
  @LocalServerPort int port;

  @Test
  void identicalInputsReuseTheSucceededImageVisibly() {
    ApiClient api = new ApiClient(port);
    BuildTestSupport steps = new BuildTestSupport(api);
    String recipe = "cached-" + System.nanoTime();
    steps.recipe(recipe);
    // A unique command line keeps other tests' succeeded tasks out of this test's cache.
    Response update =
        api.put(
            "/api/v1/recipes/" + recipe,
            """
            {"application": "hello", "requires": ["console", "process"],
             "targets": ["qemu/x86_64", "linuxu/x86_64"], "commandLine": "%s"}
            """
                .formatted(recipe));
    assertThat(update.status()).as(update.text()).isEqualTo(200);
    steps.drainQueue();

    long first = steps.build(recipe);
    long worker = steps.worker("cache-worker");
    long succeeded = steps.lease(worker).body().at("/task/id").asLong();
    long failed = steps.lease(worker).body().at("/task/id").asLong();
    assertThat(steps.succeed(succeeded, worker).status()).isEqualTo(200);
    assertThat(steps.fail(failed, worker, "compiler crashed").status()).isEqualTo(200);
    String succeededTarget = taskOf(api, first, succeeded).get("target").asString();

    JsonNode cached = create(api, "{\"recipe\": \"" + recipe + "\"}");
    assertThat(cached.get("tasks")).hasSize(2);
    for (JsonNode task : cached.get("tasks")) {
      if (task.get("target").asString().equals(succeededTarget)) {
        assertThat(task.get("state").asString()).isEqualTo("succeeded");
        assertThat(task.get("cachedFrom").asLong()).isEqualTo(succeeded);
        assertThat(task.get("imageDigest").asString()).isEqualTo("sha256:" + "0".repeat(64));
      } else {
        assertThat(task.get("state").asString()).isEqualTo("queued");
        assertThat(task.path("cachedFrom").isNull() || task.path("cachedFrom").isMissingNode())
            .isTrue();
      }
    }
    assertThat(cached.get("state").asString()).isEqualTo("queued");

    JsonNode fresh = create(api, "{\"recipe\": \"" + recipe + "\", \"noCache\": true}");
    assertThat(fresh.get("tasks").findValuesAsString("state")).containsOnly("queued");
    assertThat(fresh.get("tasks").findValues("cachedFrom")).allMatch(JsonNode::isNull);

    Response changed =
        api.put(
            "/api/v1/recipes/" + recipe,
            """
            {"application": "hello", "requires": ["console", "process"],
             "targets": ["qemu/x86_64", "linuxu/x86_64"], "commandLine": "%s changed"}
            """
                .formatted(recipe));
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    JsonNode rebuilt = create(api, "{\"recipe\": \"" + recipe + "\"}");
    assertThat(rebuilt.get("tasks").findValuesAsString("state")).containsOnly("queued");
  }

  private static JsonNode create(ApiClient api, String request) {
    Response build = api.post("/api/v1/builds", request);
    assertThat(build.status()).as(build.text()).isEqualTo(201);
    return build.body();
  }

  private static JsonNode taskOf(ApiClient api, long build, long task) {
    for (JsonNode candidate : api.get("/api/v1/builds/" + build).body().get("tasks")) {
      if (candidate.get("id").asLong() == task) {
        return candidate;
      }
    }
    throw new AssertionError("task " + task + " not in build " + build);
  }
}
