package dev.unicore.controlplane.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Recipe checks against the repository's catalog in a real PostgreSQL: the resolver's plans come
 * back per target, and every resolver rejection and malformed request comes back as a problem
 * document that names each problem and its fix.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecipeCheckIT {
  @LocalServerPort int port;
  private ApiClient api;

  @BeforeEach
  void importCatalog() {
    api = new ApiClient(port);
    assertThat(api.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);
  }

  @Test
  void aGoodRecipeGetsItsPlanPerTarget() {
    Response check =
        api.post(
            "/api/v1/recipe-checks",
            """
            {"application": "hello", "requires": ["console", "process"],
             "libraries": [{"name": "console", "options": {"printf-buffer-size": 512}}],
             "targets": ["qemu/x86_64", "linuxu/x86_64"], "commandLine": "world"}
            """);

    assertThat(check.status()).as(check.text()).isEqualTo(200);
    JsonNode qemu = check.body().at("/targets/0");
    assertThat(qemu.get("target").asString()).isEqualTo("qemu/x86_64");
    List<String> order =
        qemu.get("libraries").valueStream().map(l -> l.get("name").asString()).toList();
    assertThat(order).containsSubsequence("libc-minimal", "console", "process", "qemu");
    JsonNode console =
        qemu.get("libraries")
            .valueStream()
            .filter(l -> l.get("name").asString().equals("console"))
            .findFirst()
            .orElseThrow();
    assertThat(console.at("/options/printf-buffer-size").asLong()).isEqualTo(512);
    assertThat(qemu.get("notes").toString()).contains("default provider");
    assertThat(check.body().at("/targets/1/target").asString()).isEqualTo("linuxu/x86_64");
  }

  @Test
  void everyResolverRejectionIsListedWithItsTargetAndFix() {
    Response check =
        api.post(
            "/api/v1/recipe-checks",
            """
            {"application": "app",
             "libraries": [{"name": "consle"},
                           {"name": "console", "options": {"colour": true, "printf-buffer-size": 1}}],
             "targets": ["qemu/x86_64", "xen/x86_64"]}
            """);

    assertThat(check.status()).isEqualTo(422);
    assertThat(check.contentType()).startsWith("application/problem+json");
    assertThat(check.body().get("type").asString())
        .isEqualTo("https://unicore.dev/problems/unresolvable-recipe");
    List<String> kinds =
        check
            .body()
            .get("problems")
            .valueStream()
            .map(p -> p.get("target").asString() + " " + p.get("kind").asString())
            .toList();
    assertThat(kinds)
        .contains(
            "qemu/x86_64 UNKNOWN_LIBRARY",
            "qemu/x86_64 UNKNOWN_OPTION",
            "qemu/x86_64 INVALID_OPTION_VALUE",
            "xen/x86_64 UNKNOWN_TARGET");
    assertThat(check.body().at("/problems/0/fix").asString()).startsWith("did you mean `console`?");
  }

  @Test
  void malformedRequestsAreRejectedBeforeResolution() {
    Response notJson = api.post("/api/v1/recipe-checks", "{\"application\": ");
    Response unknownField =
        api.post(
            "/api/v1/recipe-checks",
            "{\"application\": \"a\", \"targets\": [\"qemu/x86_64\"], \"colour\": 1}");
    Response badTarget =
        api.post("/api/v1/recipe-checks", "{\"application\": \"a\", \"targets\": [\"qemu\"]}");
    Response missingTargets = api.post("/api/v1/recipe-checks", "{\"application\": \"a\"}");

    for (Response response : List.of(notJson, unknownField, badTarget, missingTargets)) {
      assertThat(response.status()).as(response.text()).isEqualTo(400);
      assertThat(response.body().get("type").asString())
          .isEqualTo("https://unicore.dev/problems/malformed-request");
    }
    assertThat(unknownField.body().get("detail").asString()).contains("colour");
    assertThat(badTarget.body().get("detail").asString()).contains("\"qemu\" is not of the form");
  }
}
