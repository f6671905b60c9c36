package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;

/** Steps the build tests share: a catalog, a recipe, a worker, and the worker protocol calls. */
final class BuildTestSupport {
  private final ApiClient api;

  BuildTestSupport(ApiClient api) {
    this.api = api;
  }

  /** Imports the catalog and makes sure a two-target hello recipe named {@code name} exists. */
  void recipe(String name) {
    assertThat(api.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);
    Response created =
        api.post(
            "/api/v1/recipes",
            """
            {"name": "%s", "application": "hello", "requires": ["console", "process"],
             "targets": ["qemu/x86_64", "linuxu/x86_64"]}
            """
                .formatted(name));
    assertThat(created.status()).as(created.text()).isIn(201, 409);
  }

  /** Succeeds every queued task, so that a test leases only the tasks of its own builds. */
  void drainQueue() {
    long janitor = worker("janitor");
    Response lease;
    while ((lease = lease(janitor)).status() == 200) {
      succeed(lease.body().at("/task/id").asLong(), janitor);
    }
  }

  /** A build whose every task is queued: the cache is bypassed, so tests lease what they make. */
  long build(String recipe) {
    Response build =
        api.post("/api/v1/builds", "{\"recipe\": \"" + recipe + "\", \"noCache\": true}");
    assertThat(build.status()).as(build.text()).isEqualTo(201);
    return build.body().get("id").asLong();
  }

  long worker(String name) {
    Response worker =
        api.post(
            "/api/v1/workers",
            "{\"name\": \""
                + name
                + "\", \"platforms\": [\"qemu\", \"linuxu\"], \"architectures\": [\"x86_64\"],"
                + " \"capacity\": 4}");
    assertThat(worker.status()).as(worker.text()).isEqualTo(201);
    return worker.body().get("id").asLong();
  }

  Response lease(long worker) {
    return api.post("/api/v1/workers/" + worker + "/leases", "");
  }

  Response heartbeat(long task, long worker) {
    return api.post("/api/v1/tasks/" + task + "/heartbeat", "{\"workerId\": " + worker + "}");
  }

  Response succeed(long task, long worker) {
    return api.post(
        "/api/v1/tasks/" + task + "/result",
        "{\"workerId\": "
            + worker
            + ", \"outcome\": \"succeeded\", \"imageDigest\": \"sha256:"
            + "0".repeat(64)
            + "\", \"kernelSizeBytes\": 15320, \"durationMillis\": 900}");
  }

  Response fail(long task, long worker, String reason) {
    return api.post(
        "/api/v1/tasks/" + task + "/result",
        "{\"workerId\": "
            + worker
            + ", \"outcome\": \"failed\""
            + (reason == null ? "" : ", \"reason\": \"" + reason + "\"")
            + "}");
  }

  String buildState(long build) {
    return api.get("/api/v1/builds/" + build).body().get("state").asString();
  }
}
