package dev.unicore.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every route needs a bearer token: what a missing, malformed, unknown, expired and revoked token
 * gets (401, each with its reason and a Bearer challenge), what a token without the role gets
 * (403), and that a token's secret is shown once and stored only as a hash.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthIT {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  private ApiClient admin;

  @BeforeEach
  void client() {
    admin = new ApiClient(port);
  }

  @Test
  void requestsWithoutAGoodTokenGet401WithTheReason() {
    Response missing = new ApiClient(port, null).get("/api/v1/libraries");
    Response unknown = new ApiClient(port, "uc_not-a-token").get("/api/v1/libraries");
    Response malformed =
        new ApiClient(port, null)
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/libraries"))
                    .header("Authorization", "Basic dXNlcjpwYXNz"));

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(missing.body().get("type").asString())
        .isEqualTo("https://unicore.dev/problems/unauthorized");
    assertThat(missing.body().get("detail").asString()).contains("needs `Authorization: Bearer");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.body().get("detail").asString()).isEqualTo("the bearer token is not known");
    assertThat(malformed.status()).isEqualTo(401);
  }

  @Test
  void expiredAndRevokedTokensStopWorking() throws Exception {
    String shortLived = create("ci", "viewer", 1);
    String revoked = create("gone", "viewer", null);
    long revokedId = id("gone");
    assertThat(new ApiClient(port, revoked).get("/api/v1/libraries").status()).isEqualTo(200);

    assertThat(admin.delete("/api/v1/tokens/" + revokedId).status()).isEqualTo(204);
    Thread.sleep(1100);
    Response afterRevoke = new ApiClient(port, revoked).get("/api/v1/libraries");
    Response afterExpiry = new ApiClient(port, shortLived).get("/api/v1/libraries");

    assertThat(afterRevoke.status()).isEqualTo(401);
    assertThat(afterRevoke.body().get("detail").asString()).contains("was revoked");
    assertThat(afterExpiry.status()).isEqualTo(401);
    assertThat(afterExpiry.body().get("detail").asString()).contains("has expired");
  }

  @Test
  void rolesDecideWhatATokenMayDo() {
    ApiClient viewer = new ApiClient(port, create("reader", "viewer", null));
    ApiClient developer = new ApiClient(port, create("dev", "developer", null));

    Response viewerReads = viewer.get("/api/v1/libraries");
    Response viewerImports = viewer.post("/api/v1/catalog/imports", "");
    Response viewerChecks =
        viewer.post(
            "/api/v1/recipe-checks", "{\"application\":\"a\",\"targets\":[\"qemu/x86_64\"]}");
    Response developerChecks =
        developer.post(
            "/api/v1/recipe-checks", "{\"application\":\"a\",\"targets\":[\"qemu/x86_64\"]}");
    Response developerTokens = developer.get("/api/v1/tokens");

    assertThat(viewerReads.status()).isEqualTo(200);
    assertThat(viewerImports.status()).isEqualTo(403);
    assertThat(viewerImports.body().get("type").asString())
        .isEqualTo("https://unicore.dev/problems/forbidden");
    assertThat(viewerChecks.status()).isEqualTo(403);
    assertThat(developerChecks.status()).isNotIn(401, 403);
    assertThat(developerTokens.status()).isEqualTo(403);
  }

  @Test
  void secretsAreShownOnceAndStoredOnlyAsHashes() {
    String secret = create("robot", "worker", null);
    Response listed = admin.get("/api/v1/tokens");

    assertThat(secret).startsWith("uc_").hasSizeGreaterThan(40);
    assertThat(listed.text()).doesNotContain(secret);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM api_token WHERE secret_hash = ?", Long.class, secret))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM api_token WHERE secret_hash = ?",
                Long.class,
                TokenService.hash(secret)))
        .isEqualTo(1);
  }

  @Test
  void badTokenRequestsAreProblems() {
    Response noRoles = admin.post("/api/v1/tokens", "{\"name\":\"x\",\"roles\":[]}");
    Response unknownRole = admin.post("/api/v1/tokens", "{\"name\":\"x\",\"roles\":[\"root\"]}");
    Response unknownToken = admin.delete("/api/v1/tokens/999999");

    assertThat(noRoles.status()).isEqualTo(400);
    assertThat(unknownRole.status()).isEqualTo(400);
    assertThat(unknownToken.status()).isEqualTo(404);
  }

  private String create(String name, String role, Integer seconds) {
    Response created =
        admin.post(
            "/api/v1/tokens",
            "{\"name\":\""
                + name
                + "\",\"roles\":[\""
                + role
                + "\"]"
                + (seconds == null ? "" : ",\"expiresInSeconds\":" + seconds)
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.body().get("secret").asString();
  }

  private long id(String name) {
    return jdbc.queryForObject("SELECT max(id) FROM api_token WHERE name = ?", Long.class, name);
  }
}
