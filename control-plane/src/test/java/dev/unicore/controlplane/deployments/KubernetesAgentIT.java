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
 * The link with Kubernetes clusters, against the real registry and a real PostgreSQL, the test
 * playing the cluster's operator through the agents' protocol (kind {@code kubernetes}): the
 * deployments a heartbeat reports are created, changed and deleted to match, managed by the
 * cluster's name; an image change is rolled out by the cluster (every old instance stopped in one
 * step, the new replicas placed together); the REST API refuses to change them; a report that
 * cannot apply one deployment still applies the others; a local agent may not report deployments;
 * an operator that registers again is the same agent and keeps its deployments and instances. Each
 * test has its own pool and names.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"unicore.deployments.agent-lease=30s"})
class KubernetesAgentIT {
  private static RegistryProcess registry;
  private static String v1;
  private static String v2;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  private ApiClient api;
  private String suffix;
  private String pool;

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) throws Exception {
    Path storage = Files.createTempDirectory("kubernetes-agent-it-registry").resolve("storage");
    registry = RegistryProcess.start(storage);
    v1 = registry.push("apps/hello", "v1", "kernel one");
    v2 = registry.push("apps/hello", "v2", "kernel two");
    properties.add("unicore.deployments.registry-url", registry::url);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
    suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    pool = "kubernetes-" + suffix;
  }

  @Test
  void theClustersReportCreatesChangesAndDeletesItsDeployments() {
    String cluster = name("cluster");
    long agent = agent(cluster, "kubernetes", 1000);

    JsonNode first = heartbeat(agent, List.of(), List.of(defined("web", "apps/hello:v1", 2)));
    assertThat(first.get("deploymentProblems")).isEmpty();
    assertThat(first.get("instances")).hasSize(2);
    assertThat(first.get("instances").findValuesAsString("desired")).containsOnly("run");
    assertThat(first.get("instances").findValuesAsString("imageDigest")).containsOnly(v1);
    JsonNode web = deployment("web");
    assertThat(web.get("managedBy").asString()).isEqualTo(cluster);
    assertThat(web.get("pool").asString()).isEqualTo(pool);
    assertThat(web.get("platform").asString()).isEqualTo("qemu");
    assertThat(web.get("environment").get("GREETING").asString()).isEqualTo("hi");
    assertThat(web.get("instances").findValuesAsString("agentId"))
        .containsOnly(Long.toString(agent));
    List<String> listed = new ArrayList<>();
    api.get("/api/v1/deployments")
        .body()
        .forEach(
            deployment -> {
              if (deployment.get("name").asString().equals(name("web"))) {
                listed.add(deployment.get("managedBy").asString());
              }
            });
    assertThat(listed).containsExactly(cluster);

    // Without `deployments`, a heartbeat changes none of them.
    JsonNode running = heartbeat(agent, reports(first, "running"), null);
    assertThat(running.get("instances")).hasSize(2);
    assertThat(deployment("web").get("state").asString()).isEqualTo("available");

    // More replicas, less memory.
    JsonNode scaled =
        heartbeat(
            agent,
            reports(running, "running"),
            List.of(
                defined("web", "apps/hello:v1", 3)
                    .replace("\"memoryMiB\": 64", "\"memoryMiB\": 32")));
    assertThat(byDigest(scaled, v1, "run")).hasSize(3);
    assertThat(scaled.get("instances").findValuesAsString("memoryMiB")).containsOnly("32");
    JsonNode available = heartbeat(agent, reports(scaled, "running"), null);
    assertThat(deployment("web").get("replicas").asInt()).isEqualTo(3);

    // A new image: the cluster rolls out, so every old instance stops and every new one starts.
    JsonNode rolled =
        heartbeat(
            agent,
            reports(available, "running"),
            List.of(
                defined("web", "apps/hello:v2", 3)
                    .replace("\"memoryMiB\": 64", "\"memoryMiB\": 32")));
    assertThat(byDigest(rolled, v1, "stop")).as("every old instance stops at once").hasSize(3);
    assertThat(byDigest(rolled, v2, "run")).as("every new instance starts at once").hasSize(3);
    assertThat(byDigest(rolled, v1, "run")).isEmpty();
    assertThat(deployment("web").get("revision").asInt()).isEqualTo(2);
    assertThat(deployment("web").get("imageDigest").asString()).isEqualTo(v2);

    List<Object> rolledReports = new ArrayList<>(reportsWhere(rolled, "stop", "stopped"));
    byDigest(rolled, v2, "run").forEach(instance -> rolledReports.add(report(instance, "running")));
    JsonNode done = heartbeat(agent, rolledReports, null);
    assertThat(done.get("instances")).hasSize(3);
    assertThat(deployment("web").get("state").asString()).isEqualTo("available");

    // No longer reported: deleted, and gone once the cluster reports its instances stopped.
    JsonNode emptied = heartbeat(agent, reports(done, "running"), List.of());
    assertThat(emptied.get("instances").findValuesAsString("desired")).containsOnly("stop");
    assertThat(api.get("/api/v1/deployments/" + name("web")).status()).isEqualTo(404);
    assertThat(heartbeat(agent, reports(emptied, "stopped"), List.of()).get("instances")).isEmpty();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM deployment WHERE name = ?", Long.class, name("web")))
        .isZero();
  }

  @Test
  void anUnchangedReportDoesNotAskTheRegistryAgain() throws Exception {
    registry.push("apps/moving", "stable", "kernel before");
    long agent = agent(name("cluster"), "kubernetes", 1000);
    heartbeat(agent, List.of(), List.of(defined("steady", "apps/moving:stable", 1)));
    String digest = deployment("steady").get("imageDigest").asString();

    // The tag moves in the registry; a report naming the same reference does not look it up.
    String moved = registry.push("apps/moving", "stable", "kernel after");
    assertThat(moved).isNotEqualTo(digest);
    heartbeat(agent, List.of(), List.of(defined("steady", "apps/moving:stable", 1)));
    assertThat(deployment("steady").get("imageDigest").asString()).isEqualTo(digest);
    assertThat(deployment("steady").get("revision").asInt()).isEqualTo(1);

    // A reference that resolves to the same digest is no new revision either.
    heartbeat(agent, List.of(), List.of(defined("steady", "apps/moving@" + digest, 1)));
    assertThat(deployment("steady").get("revision").asInt()).isEqualTo(1);
    heartbeat(agent, List.of(), List.of(defined("steady", "apps/moving:stable", 1)));
    assertThat(deployment("steady").get("revision").asInt()).isEqualTo(2);
    assertThat(deployment("steady").get("imageDigest").asString()).isEqualTo(moved);
  }

  @Test
  void theRestApiRefusesToChangeAClustersDeployment() {
    String cluster = name("cluster");
    long agent = agent(cluster, "kubernetes", 1000);
    heartbeat(agent, List.of(), List.of(defined("owned", "apps/hello:v1", 1)));
    heartbeat(agent, List.of(), List.of(defined("owned", "apps/hello:v2", 1)));

    String path = "/api/v1/deployments/" + name("owned");
    List<Response> refused =
        List.of(
            api.patch(path, "{\"replicas\": 3}"),
            api.patch(path, "{\"image\": \"apps/hello:v1\"}"),
            api.delete(path),
            api.post(path + "/rollback", ""),
            api.post(
                "/api/v1/deployments",
                "{\"name\": \""
                    + name("owned")
                    + "\", \"image\": \"apps/hello:v1\", \"platform\": \"qemu\", \"pool\": \""
                    + pool
                    + "\"}"));
    for (Response response : refused) {
      assertThat(response.status()).as(response.text()).isEqualTo(409);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.body().get("type").asString())
          .isEqualTo("https://unicore.dev/problems/managed-by-cluster");
      assertThat(response.body().get("detail").asString())
          .isEqualTo(
              "deployment "
                  + name("owned")
                  + " is defined by the UnikernelDeployment in cluster "
                  + cluster
                  + "; change it there");
    }
    JsonNode owned = deployment("owned");
    assertThat(owned.get("replicas").asInt()).isEqualTo(1);
    assertThat(owned.get("revision").asInt()).isEqualTo(2);
  }

  @Test
  void aReportedDeploymentThatCannotApplyIsListedAndTheRestApplies() {
    long local = agent(name("local"), "local", 4);
    Response taken =
        api.post(
            "/api/v1/deployments",
            "{\"name\": \""
                + name("taken")
                + "\", \"image\": \"apps/hello:v1\", \"platform\": \"qemu\", \"pool\": \""
                + pool
                + "\"}");
    assertThat(taken.status()).as(taken.text()).isEqualTo(201);
    long cluster = agent(name("cluster"), "kubernetes", 5);

    JsonNode answer =
        heartbeat(
            cluster,
            List.of(),
            List.of(
                defined("taken", "apps/hello:v2", 1),
                defined("ghost", "apps/nothing:v1", 1),
                defined("huge", "apps/hello:v1", 50),
                defined("good", "apps/hello:v1", 2),
                "{\"name\": \"Bad Name\", \"image\": \"apps/hello:v1\", \"platform\": \"qemu\"}"));

    List<String> problems = new ArrayList<>();
    answer
        .get("deploymentProblems")
        .forEach(
            problem ->
                problems.add(
                    problem.get("name").asString() + ": " + problem.get("detail").asString()));
    assertThat(problems).hasSize(4);
    assertThat(problems.get(0))
        .startsWith(name("taken") + ": the name " + name("taken") + " is taken by a deployment")
        .contains("made through the API");
    assertThat(problems.get(1))
        .startsWith(name("ghost") + ": the registry has no image apps/nothing:v1");
    assertThat(problems.get(2)).startsWith(name("huge") + ":").contains("have room for 5");
    assertThat(problems.get(3)).startsWith("Bad Name: `name` must be");
    assertThat(deployment("good").get("managedBy").asString()).isEqualTo(name("cluster"));
    assertThat(byDigest(answer, v1, "run")).hasSize(2);
    assertThat(api.get("/api/v1/deployments/" + name("ghost")).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/deployments/" + name("huge")).status()).isEqualTo(404);
    JsonNode untouched = deployment("taken");
    assertThat(untouched.path("managedBy").isString()).isFalse();
    assertThat(untouched.get("imageDigest").asString()).isEqualTo(v1);
    assertThat(untouched.get("instances").findValuesAsString("agentId"))
        .doesNotContain(Long.toString(cluster));

    // The cluster's deployment is placed in the cluster only, never on the pool's local agent.
    assertThat(deployment("good").get("instances").findValuesAsString("agentId"))
        .containsOnly(Long.toString(cluster))
        .doesNotContain(Long.toString(local));
  }

  @Test
  void aLocalAgentMayNotReportDeployments() {
    long local = agent(name("local"), "local", 4);
    String before =
        jdbc.queryForObject(
            "SELECT last_heartbeat_at::text FROM agent WHERE id = ?", String.class, local);

    for (List<String> deployments :
        List.of(List.<String>of(), List.of(defined("sneaky", "apps/hello:v1", 1)))) {
      Response refused =
          api.post("/api/v1/agents/" + local + "/heartbeat", body(List.of(), deployments));
      assertThat(refused.status()).as(refused.text()).isEqualTo(422);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.body().get("type").asString())
          .isEqualTo("https://unicore.dev/problems/not-a-cluster-agent");
      assertThat(refused.body().get("detail").asString()).contains("of kind local");
    }
    assertThat(api.get("/api/v1/deployments/" + name("sneaky")).status()).isEqualTo(404);
    assertThat(
            jdbc.queryForObject(
                "SELECT last_heartbeat_at::text FROM agent WHERE id = ?", String.class, local))
        .as("the refused heartbeat changed nothing, not even the lease")
        .isEqualTo(before);
  }

  @Test
  void aClusterThatRegistersAgainKeepsManagingItsDeployments() {
    String cluster = name("cluster");
    long first = agent(cluster, "kubernetes", 1000);
    heartbeat(first, List.of(), List.of(defined("kept", "apps/hello:v1", 1)));
    JsonNode before = deployment("kept");

    long placedOn = before.get("instances").get(0).get("agentId").asLong();
    assertThat(placedOn).isEqualTo(first);

    // The operator restarts (or another replica leads): same cluster, same agent, same instances.
    long second = agent(cluster, "kubernetes", 1000);
    assertThat(second).isEqualTo(first);
    assertThat(deployment("kept").get("instances").get(0).get("id").asLong())
        .isEqualTo(before.get("instances").get(0).get("id").asLong());
    JsonNode answer = heartbeat(second, List.of(), List.of(defined("kept", "apps/hello:v1", 2)));
    assertThat(answer.get("deploymentProblems")).isEmpty();
    JsonNode after = deployment("kept");
    assertThat(after.get("managedBy").asString()).isEqualTo(cluster);
    assertThat(after.get("createdAt").asString()).isEqualTo(before.get("createdAt").asString());
    assertThat(after.get("revision").asInt()).isEqualTo(1);
    assertThat(after.get("replicas").asInt()).isEqualTo(2);

    // Another cluster of the same pool cannot take it.
    long other = agent(name("other"), "kubernetes", 1000);
    JsonNode clash = heartbeat(other, List.of(), List.of(defined("kept", "apps/hello:v2", 1)));
    assertThat(clash.get("deploymentProblems").get(0).get("detail").asString())
        .contains("taken by the deployment of cluster " + cluster);
    assertThat(deployment("kept").get("imageDigest").asString()).isEqualTo(v1);

    heartbeat(second, List.of(), List.of());
    assertThat(api.get("/api/v1/deployments/" + name("kept")).status()).isEqualTo(404);
  }

  private String name(String base) {
    return base + "-" + suffix;
  }

  private long agent(String name, String kind, int capacity) {
    Response agent =
        api.post(
            "/api/v1/agents",
            "{\"name\": \""
                + name
                + "\", \"kind\": \""
                + kind
                + "\", \"pool\": \""
                + pool
                + "\", \"platforms\": [\"qemu\", \"firecracker\"], \"capacity\": "
                + capacity
                + "}");
    assertThat(agent.status()).as(agent.text()).isEqualTo(201);
    return agent.body().get("id").asLong();
  }

  /** A reported UnikernelDeployment, as JSON. */
  private String defined(String name, String image, int replicas) {
    return "{\"name\": \""
        + name(name)
        + "\", \"image\": \""
        + image
        + "\", \"platform\": \"qemu\", \"replicas\": "
        + replicas
        + ", \"memoryMiB\": 64, \"cpus\": 1, \"commandLine\": \"-v\","
        + " \"environment\": {\"GREETING\": \"hi\"}, \"restartPolicy\": \"always\"}";
  }

  private JsonNode deployment(String name) {
    Response deployment = api.get("/api/v1/deployments/" + name(name));
    assertThat(deployment.status()).as(deployment.text()).isEqualTo(200);
    return deployment.body();
  }

  /** A heartbeat; {@code deployments} null leaves the field out. */
  private JsonNode heartbeat(long agent, List<?> reports, List<String> deployments) {
    Response answer =
        api.post("/api/v1/agents/" + agent + "/heartbeat", body(reports, deployments));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.body();
  }

  private static String body(List<?> reports, List<String> deployments) {
    return "{\"instances\": ["
        + String.join(", ", reports.stream().map(Object::toString).toList())
        + "]"
        + (deployments == null ? "" : ", \"deployments\": [" + String.join(", ", deployments) + "]")
        + "}";
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
}
