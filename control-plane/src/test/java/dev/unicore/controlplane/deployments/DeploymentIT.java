package dev.unicore.controlplane.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import dev.unicore.controlplane.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Deployments against the real registry (image tags resolved to digests over the OCI protocol) and
 * a real PostgreSQL, with the test playing the agents through the agents' protocol: placement,
 * readiness, scaling, a rollout one instance at a time that stops at a failed instance, rollback, a
 * silent agent's instances replaced on another agent, deletion, and bad input that creates nothing.
 * Agent leases last two seconds here.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"unicore.deployments.agent-lease=2s", "unicore.deployments.reap-interval=200ms"})
class DeploymentIT {
  private static RegistryProcess registry;
  private static String v1;
  private static String v2;
  private static String v3;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  private ApiClient api;
  private String pool;

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) throws Exception {
    Path storage = Files.createTempDirectory("deployment-it-registry").resolve("storage");
    registry = RegistryProcess.start(storage);
    v1 = registry.push("apps/hello", "v1", "kernel one");
    v2 = registry.push("apps/hello", "v2", "kernel two");
    v3 = registry.push("apps/hello", "v3", "kernel three");
    properties.add("unicore.deployments.registry-url", registry::url);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
    pool = "pool-" + System.nanoTime();
  }

  @Test
  void aDeploymentIsPlacedBecomesAvailableScalesAndIsDeleted() {
    long agent = agent("a", 4);
    Response created = deploy("web", "apps/hello:v1", 2);

    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.body().get("imageDigest").asString()).isEqualTo(v1);
    assertThat(created.body().get("repository").asString()).isEqualTo("apps/hello");
    assertThat(created.body().get("state").asString()).isEqualTo("progressing");
    assertThat(created.body().get("instances").findValuesAsString("state"))
        .containsExactly("pending", "pending");

    JsonNode assignments = heartbeat(agent, List.of());
    assertThat(assignments.get("instances")).hasSize(2);
    JsonNode first = assignments.get("instances").get(0);
    assertThat(first.get("deployment").asString()).isEqualTo(name("web"));
    assertThat(first.get("imageDigest").asString()).isEqualTo(v1);
    assertThat(first.get("platform").asString()).isEqualTo("linuxu");
    assertThat(first.get("desired").asString()).isEqualTo("run");
    assertThat(first.get("environment").get("GREETING").asString()).isEqualTo("hi");

    heartbeat(agent, reports(assignments, "running"));
    assertThat(deployment("web").get("state").asString()).isEqualTo("available");

    Response scaled = api.patch("/api/v1/deployments/" + name("web"), "{\"replicas\": 1}");
    assertThat(scaled.status()).isEqualTo(200);
    JsonNode afterScale = heartbeat(agent, List.of());
    List<String> desired = afterScale.get("instances").findValuesAsString("desired");
    assertThat(desired).containsExactlyInAnyOrder("run", "stop");
    heartbeat(agent, reportsWhere(afterScale, "stop", "stopped"));
    assertThat(deployment("web").get("instances")).hasSize(1);
    assertThat(deployment("web").get("state").asString()).isEqualTo("available");

    assertThat(api.delete("/api/v1/deployments/" + name("web")).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/deployments/" + name("web")).status()).isEqualTo(404);
    JsonNode stopping = heartbeat(agent, List.of());
    assertThat(stopping.get("instances").findValuesAsString("desired")).containsOnly("stop");
    heartbeat(agent, reports(stopping, "stopped"));
    assertThat(heartbeat(agent, List.of()).get("instances")).isEmpty();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM deployment WHERE name = ?", Long.class, name("web")))
        .isZero();
  }

  @Test
  void aRolloutReplacesInstancesOneByOneStopsAtAFailureAndRollsBack() {
    long agent = agent("a", 10);
    deploy("roll", "apps/hello:v1", 2);
    heartbeat(agent, reports(heartbeat(agent, List.of()), "running"));

    Response rolling =
        api.patch("/api/v1/deployments/" + name("roll"), "{\"image\": \"apps/hello:v2\"}");
    assertThat(rolling.status()).as(rolling.text()).isEqualTo(200);
    assertThat(rolling.body().get("revision").asInt()).isEqualTo(2);
    assertThat(rolling.body().get("imageDigest").asString()).isEqualTo(v2);
    for (int step = 0;
        step < 6 && !deployment("roll").get("state").asString().equals("available");
        step++) {
      JsonNode assignments = heartbeat(agent, List.of());
      List<JsonNode> newOnes = byDigest(assignments, v2, "run");
      assertThat(newOnes.size()).as("one new instance at a time").isLessThanOrEqualTo(2);
      List<Object> reports = new ArrayList<>(reportsWhere(assignments, "stop", "stopped"));
      newOnes.forEach(instance -> reports.add(report(instance, "running")));
      byDigest(assignments, v1, "run")
          .forEach(instance -> reports.add(report(instance, "running")));
      heartbeat(agent, reports);
    }
    JsonNode rolled = deployment("roll");
    assertThat(rolled.get("state").asString()).isEqualTo("available");
    List<String> serving = new ArrayList<>();
    rolled
        .get("instances")
        .forEach(
            instance -> {
              if (instance.get("desired").asString().equals("run")) {
                serving.add(instance.get("imageDigest").asString());
              }
            });
    assertThat(serving).containsExactly(v2, v2);

    api.patch("/api/v1/deployments/" + name("roll"), "{\"image\": \"apps/hello@" + v3 + "\"}");
    JsonNode third = heartbeat(agent, List.of());
    List<JsonNode> v3Instances = byDigest(third, v3, "run");
    assertThat(v3Instances).hasSize(1);
    List<Object> failing = new ArrayList<>();
    failing.add(failed(v3Instances.get(0)));
    byDigest(third, v2, "run").forEach(instance -> failing.add(report(instance, "running")));
    heartbeat(agent, failing);
    JsonNode stopped = deployment("roll");
    assertThat(stopped.get("state").asString()).isEqualTo("rollout-failed");
    assertThat(byDigest(heartbeat(agent, List.of()), v2, "run")).hasSize(2);
    assertThat(stopped.get("instances").findValuesAsString("consoleTail")).contains("CRASH: boom");

    Response back = api.post("/api/v1/deployments/" + name("roll") + "/rollback", "");
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.body().get("revision").asInt()).isEqualTo(4);
    assertThat(back.body().get("imageDigest").asString()).isEqualTo(v2);
  }

  @Test
  void aSilentAgentsInstancesBecomeUnknownAndMoveToAnotherAgent() throws Exception {
    long silent = agent("silent", 2);
    deploy("moving", "apps/hello:v1", 2);
    heartbeat(silent, reports(heartbeat(silent, List.of()), "running"));
    long healthy = agent("healthy", 2);

    JsonNode moved = null;
    for (int attempt = 0; attempt < 40; attempt++) {
      Thread.sleep(250);
      moved = heartbeat(healthy, List.of());
      if (moved.get("instances").size() == 2) {
        break;
      }
    }
    assertThat(moved.get("instances").findValuesAsString("desired")).containsOnly("run");
    assertThat(moved.get("instances")).hasSize(2);
    assertThat(deployment("moving").get("instances").findValuesAsString("state"))
        .contains("unknown");

    JsonNode returned = heartbeat(silent, List.of());
    assertThat(returned.get("instances").findValuesAsString("desired")).containsOnly("stop");
    heartbeat(healthy, reports(moved, "running"));
    heartbeat(silent, reports(returned, "stopped"));
    assertThat(deployment("moving").get("state").asString()).isEqualTo("available");
  }

  @Test
  void badDeploymentsAreProblemsAndCreateNothing() {
    agent("a", 1);
    long before = rows();

    Response missingTag = deploy("bad", "apps/hello:v9", 1);
    Response missingDigest = deploy("bad", "apps/hello@sha256:" + "0".repeat(64), 1);
    Response missingRepository = deploy("bad", "apps/nothing:v1", 1);
    Response malformed = deploy("bad", "Apps/Hello:v1", 1);
    Response platform =
        api.post(
            "/api/v1/deployments",
            "{\"name\": \""
                + name("bad")
                + "\", \"image\": \"apps/hello:v1\", \"platform\":"
                + " \"qemu\", \"pool\": \""
                + pool
                + "\"}");
    Response tooMany = deploy("bad", "apps/hello:v1", 2);
    Response unknownField =
        api.post(
            "/api/v1/deployments",
            "{\"name\": \"x\", \"image\": \"a\", \"platform\": \"linuxu\", \"size\": 1}");

    for (Response undeployable :
        List.of(missingTag, missingDigest, missingRepository, platform, tooMany)) {
      assertThat(undeployable.status()).as(undeployable.text()).isEqualTo(422);
      assertThat(undeployable.body().get("type").asString())
          .isEqualTo("https://unicore.dev/problems/undeployable");
    }
    assertThat(missingTag.body().get("detail").asString()).contains("apps/hello:v9");
    assertThat(platform.body().get("detail").asString()).contains("platform qemu");
    assertThat(tooMany.body().get("detail").asString()).contains("room for 1");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(rows()).isEqualTo(before);

    assertThat(deploy("good", "apps/hello:v1", 1).status()).isEqualTo(201);
    assertThat(deploy("good", "apps/hello:v1", 1).status()).isEqualTo(409);
    assertThat(api.patch("/api/v1/deployments/" + name("good"), "{\"replicas\": 5}").status())
        .isEqualTo(422);
    assertThat(api.post("/api/v1/deployments/" + name("good") + "/rollback", "").status())
        .isEqualTo(409);
  }

  private long rows() {
    return jdbc.queryForObject(
        "SELECT (SELECT count(*) FROM deployment) + (SELECT count(*) FROM instance)"
            + " + (SELECT count(*) FROM deployment_revision)",
        Long.class);
  }

  private String name(String base) {
    return base + "-" + pool.substring(5);
  }

  private long agent(String name, int capacity) {
    Response agent =
        api.post(
            "/api/v1/agents",
            "{\"name\": \""
                + name
                + "\", \"kind\": \"local\", \"pool\": \""
                + pool
                + "\","
                + " \"platforms\": [\"linuxu\"], \"capacity\": "
                + capacity
                + "}");
    assertThat(agent.status()).as(agent.text()).isEqualTo(201);
    return agent.body().get("id").asLong();
  }

  private Response deploy(String name, String image, int replicas) {
    return api.post(
        "/api/v1/deployments",
        "{\"name\": \""
            + name(name)
            + "\", \"image\": \""
            + image
            + "\", \"platform\": \"linuxu\","
            + " \"pool\": \""
            + pool
            + "\", \"replicas\": "
            + replicas
            + ", \"environment\": {\"GREETING\": \"hi\"}}");
  }

  private JsonNode deployment(String name) {
    Response deployment = api.get("/api/v1/deployments/" + name(name));
    assertThat(deployment.status()).as(deployment.text()).isEqualTo(200);
    return deployment.body();
  }

  private JsonNode heartbeat(long agent, List<?> reports) {
    String body =
        "{\"instances\": ["
            + String.join(", ", reports.stream().map(Object::toString).toList())
            + "]}";
    Response answer = api.post("/api/v1/agents/" + agent + "/heartbeat", body);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.body();
  }

  private static List<Object> reports(JsonNode assignments, String state) {
    List<Object> reports = new ArrayList<>();
    assignments.get("instances").forEach(instance -> reports.add(report(instance, state)));
    return reports;
  }

  private static List<Object> reportsWhere(JsonNode assignments, String desired, String state) {
    List<Object> reports = new ArrayList<>();
    assignments
        .get("instances")
        .forEach(
            instance -> {
              if (instance.get("desired").asString().equals(desired)) {
                reports.add(report(instance, state));
              }
            });
    return reports;
  }

  private static List<JsonNode> byDigest(JsonNode assignments, String digest, String desired) {
    List<JsonNode> matching = new ArrayList<>();
    assignments
        .get("instances")
        .forEach(
            instance -> {
              if (instance.get("imageDigest").asString().equals(digest)
                  && instance.get("desired").asString().equals(desired)) {
                matching.add(instance);
              }
            });
    return matching;
  }

  private static String report(JsonNode instance, String state) {
    return "{\"id\": "
        + instance.get("id").asLong()
        + ", \"state\": \""
        + state
        + "\", \"restarts\": 0}";
  }

  private static String failed(JsonNode instance) {
    return "{\"id\": "
        + instance.get("id").asLong()
        + ", \"state\": \"failed\", \"restarts\": 3,"
        + " \"exitStatus\": 122, \"consoleTail\": \"CRASH: boom\"}";
  }
}
