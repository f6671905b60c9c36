package dev.unicore.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bad-input table: each bad request gets its specific 4xx problem document and leaves every
 * table of the database exactly as it was (compared row by row), audit log included. The lease
 * reaper is slowed down here so that an expired lease stays expired while it is tested.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "unicore.builds.reap-interval=1h")
class BadInputIT {
  private static final String RECIPE =
      """
      {"name": "%s", "application": "hello", "requires": ["console", "process"],
       "targets": ["linuxu/x86_64"]}
      """;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  private ApiClient admin;

  /** One row of the table: what is sent, and the status and problem type it must get. */
  private record Case(
      String what, Function<ApiClient, Response> request, int status, String type) {}

  @BeforeEach
  void setUp() {
    admin = new ApiClient(port);
    assertThat(admin.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);
  }

  @Test
  void everyBadInputGetsItsProblemAndChangesNothing() {
    String recipe = "bad-input-" + System.nanoTime();
    assertThat(admin.post("/api/v1/recipes", RECIPE.formatted(recipe)).status()).isEqualTo(201);
    long worker =
        admin
            .post(
                "/api/v1/workers",
                "{\"name\": \"bad-input\", \"platforms\": [\"linuxu\"],"
                    + " \"architectures\": [\"x86_64\"], \"capacity\": 64}")
            .body()
            .get("id")
            .asLong();
    long completed = leaseTaskOf(recipe, worker);
    assertThat(succeed(admin, completed, worker).status()).isEqualTo(200);
    long expired = leaseTaskOf(recipe, worker);
    jdbc.update(
        "UPDATE build_task SET lease_expires_at = now() - interval '1 minute' WHERE id = ?",
        expired);
    String revokedSecret = token("bad-input-revoked", null);
    long revokedId =
        jdbc.queryForObject(
            "SELECT id FROM api_token WHERE name = 'bad-input-revoked'", Long.class);
    assertThat(admin.delete("/api/v1/tokens/" + revokedId).status()).isEqualTo(204);
    String expiredSecret = token("bad-input-expired", 3600L);
    jdbc.update(
        "UPDATE api_token SET expires_at = now() - interval '1 second'"
            + " WHERE name = 'bad-input-expired'");
    String viewerSecret = token("bad-input-viewer", null);
    long localAgent =
        admin
            .post(
                "/api/v1/agents",
                "{\"name\": \"bad-input-agent\", \"kind\": \"local\", \"pool\": \"bad-input\","
                    + " \"platforms\": [\"linuxu\"], \"capacity\": 2}")
            .body()
            .get("id")
            .asLong();

    List<Case> cases =
        List.of(
            new Case(
                "malformed JSON",
                api -> api.post("/api/v1/recipes", "{\"name\": \"x\", "),
                400,
                "malformed-request"),
            new Case(
                "an unknown field",
                api ->
                    api.post(
                        "/api/v1/recipes",
                        RECIPE.formatted("other").replace("\"name\"", "\"colour\": 1, \"name\"")),
                400,
                "malformed-request"),
            new Case(
                "an oversize body",
                api ->
                    api.post(
                        "/api/v1/recipes",
                        RECIPE
                            .formatted("big")
                            .replace("}", ", \"commandLine\": \"" + "x".repeat(1 << 20) + "\"}")),
                413,
                "body-too-large"),
            new Case(
                "an invalid recipe name",
                api -> api.post("/api/v1/recipes", RECIPE.formatted("Not A Name!")),
                400,
                "malformed-request"),
            new Case(
                "an invalid library name",
                api ->
                    api.put(
                        "/api/v1/libraries/Bad_Name",
                        "{\"manifest\": \"name = \\\"Bad_Name\\\"\"}"),
                422,
                "malformed-manifest"),
            new Case(
                "path traversal in an uploaded archive",
                api ->
                    api.upload(
                        "/api/v1/sources",
                        new TarGz().file("src/main.c", "").file("../../etc/x", "owned").bytes(),
                        "application/gzip"),
                422,
                "unsafe-archive"),
            new Case(
                "a symbolic link in an uploaded archive",
                api ->
                    api.upload(
                        "/api/v1/sources",
                        new TarGz().file("src/main.c", "").symlink("src/up", "../..").bytes(),
                        "application/gzip"),
                422,
                "unsafe-archive"),
            new Case(
                "a wrong token",
                api -> new ApiClient(port, "uc_not-a-token").get("/api/v1/recipes"),
                401,
                "unauthorized"),
            new Case(
                "an expired token",
                api -> new ApiClient(port, expiredSecret).get("/api/v1/recipes"),
                401,
                "unauthorized"),
            new Case(
                "a revoked token",
                api -> new ApiClient(port, revokedSecret).get("/api/v1/recipes"),
                401,
                "unauthorized"),
            new Case(
                "a role that may not change recipes",
                api ->
                    new ApiClient(port, viewerSecret)
                        .post("/api/v1/recipes", RECIPE.formatted("v")),
                403,
                "forbidden"),
            new Case(
                "a result on an expired lease",
                api -> succeed(api, expired, worker),
                409,
                "conflict"),
            new Case(
                "a double completion", api -> succeed(api, completed, worker), 409, "conflict"),
            new Case(
                "deployments reported by an agent that is not a Kubernetes cluster",
                api ->
                    api.post(
                        "/api/v1/agents/" + localAgent + "/heartbeat",
                        "{\"instances\": [], \"deployments\": [{\"name\": \"x\","
                            + " \"image\": \"app:v1\", \"platform\": \"linuxu\"}]}"),
                422,
                "not-a-cluster-agent"));

    List<String> failures = new ArrayList<>();
    for (Case bad : cases) {
      String before = database();
      Response response = bad.request().apply(admin);
      String after = database();
      String type =
          response.body() == null
              ? "(no problem document)"
              : response.body().path("type").asString();
      if (response.status() != bad.status()
          || !type.equals("https://unicore.dev/problems/" + bad.type())
          || !response.contentType().startsWith("application/problem+json")) {
        failures.add(
            bad.what() + ": got " + response.status() + " " + type + " " + response.text());
      }
      if (!before.equals(after)) {
        failures.add(bad.what() + ": the database changed");
      }
    }
    assertThat(failures).isEmpty();
  }

  private long leaseTaskOf(String recipe, long worker) {
    long build =
        admin
            .post("/api/v1/builds", "{\"recipe\": \"" + recipe + "\", \"noCache\": true}")
            .body()
            .get("id")
            .asLong();
    Response lease;
    do {
      lease = admin.post("/api/v1/workers/" + worker + "/leases", "");
      assertThat(lease.status()).as("a lease of build " + build).isEqualTo(200);
    } while (lease.body().at("/task/buildId").asLong() != build);
    return lease.body().at("/task/id").asLong();
  }

  private static Response succeed(ApiClient api, long task, long worker) {
    return api.post(
        "/api/v1/tasks/" + task + "/result",
        "{\"workerId\": " + worker + ", \"outcome\": \"succeeded\", \"durationMillis\": 5}");
  }

  private String token(String name, Long expiresInSeconds) {
    Response created =
        admin.post(
            "/api/v1/tokens",
            "{\"name\": \""
                + name
                + "\", \"roles\": [\"viewer\"]"
                + (expiresInSeconds == null ? "" : ", \"expiresInSeconds\": " + expiresInSeconds)
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.body().get("secret").asString();
  }

  /** Every row of every application table, as text: equal strings mean an unchanged database. */
  private String database() {
    StringBuilder rows = new StringBuilder();
    for (String table :
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_name <> 'flyway_schema_history' ORDER BY table_name",
            String.class)) {
      rows.append(table)
          .append(':')
          .append(
              jdbc.queryForObject(
                  "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                      + " FROM \""
                      + table
                      + "\" t",
                  String.class))
          .append('\n');
    }
    return rows.toString();
  }
}
