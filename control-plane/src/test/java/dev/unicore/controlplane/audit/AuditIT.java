package dev.unicore.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The audit log records who changed what — successful changes only, with the acting token's name —
 * and only admins read it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditIT {
  @LocalServerPort int port;

  @Test
  void changesAreRecordedWithTheirActorAndOnlyAdminsReadThem() {
    ApiClient admin = new ApiClient(port);
    String developerName = "auditor-dev-" + System.nanoTime();
    Response created =
        admin.post(
            "/api/v1/tokens", "{\"name\": \"" + developerName + "\", \"roles\": [\"developer\"]}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    ApiClient developer = new ApiClient(port, created.body().get("secret").asString());
    assertThat(admin.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);

    String recipe = "audited-" + System.nanoTime();
    String body =
        """
        {"name": "%s", "application": "hello", "requires": ["console", "process"],
         "targets": ["qemu/x86_64"]}
        """
            .formatted(recipe);
    assertThat(developer.post("/api/v1/recipes", body).status()).isEqualTo(201);
    assertThat(developer.post("/api/v1/recipes", body).status()).isEqualTo(409);
    assertThat(
            developer
                .post("/api/v1/recipe-checks", body.replace("\"name\": \"" + recipe + "\",", ""))
                .status())
        .isEqualTo(200);
    assertThat(developer.get("/api/v1/recipes/" + recipe).status()).isEqualTo(200);

    Response byDeveloper = admin.get("/api/v1/audit-events?actor=" + developerName);
    assertThat(byDeveloper.status()).isEqualTo(200);
    JsonNode events = byDeveloper.body().get("items");
    assertThat(byDeveloper.body().get("total").asLong()).isEqualTo(1);
    assertThat(events.get(0).get("action").asString()).isEqualTo("createRecipe");
    assertThat(events.get(0).get("method").asString()).isEqualTo("POST");
    assertThat(events.get(0).get("path").asString()).isEqualTo("/api/v1/recipes");
    assertThat(events.get(0).get("status").asInt()).isEqualTo(201);

    JsonNode tokenEvents = admin.get("/api/v1/audit-events?action=createToken").body().get("items");
    assertThat(tokenEvents.findValuesAsString("actor")).contains("bootstrap-admin");

    Response forbidden = developer.get("/api/v1/audit-events");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.contentType()).startsWith("application/problem+json");
  }
}
