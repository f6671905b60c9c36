package dev.unicore.controlplane.recipes;

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
 * Stored recipes against a real PostgreSQL: created as version 1 with a plan per target, updated
 * into new versions while old ones stay readable, and every rejection (malformed, unknown
 * application, unresolvable, duplicate, unknown recipe) stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecipeIT {
  private static final String HELLO =
      """
      {"name": "%s", "application": "hello", "requires": ["console", "process"],
       "libraries": [{"name": "console", "options": {"printf-buffer-size": %d}}],
       "targets": ["qemu/x86_64", "linuxu/x86_64"], "commandLine": "world"}
      """;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  private ApiClient api;

  @BeforeEach
  void importCatalog() {
    api = new ApiClient(port);
    assertThat(api.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);
  }

  @Test
  void aRecipeIsVersionedAndEveryVersionStaysReadable() {
    Response created = api.post("/api/v1/recipes", HELLO.formatted("greeter", 256));
    Response duplicate = api.post("/api/v1/recipes", HELLO.formatted("greeter", 256));
    Response updated = put("/api/v1/recipes/greeter", HELLO.formatted("greeter", 1024));
    Response first = api.get("/api/v1/recipes/greeter/versions/1");
    Response newest = api.get("/api/v1/recipes/greeter");

    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.body().get("version").asInt()).isEqualTo(1);
    assertThat(created.body().at("/plans/0/target").asString()).isEqualTo("qemu/x86_64");
    assertThat(created.body().at("/plans/0/libraries").size()).isGreaterThanOrEqualTo(4);
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(updated.status()).as(updated.text()).isEqualTo(200);
    assertThat(updated.body().get("version").asInt()).isEqualTo(2);
    assertThat(first.body().at("/libraries/0/options/printf-buffer-size").asInt()).isEqualTo(256);
    assertThat(newest.body().get("version").asInt()).isEqualTo(2);
    assertThat(newest.body().at("/libraries/0/options/printf-buffer-size").asInt()).isEqualTo(1024);
    assertThat(api.get("/api/v1/recipes").text()).contains("\"name\":\"greeter\"");
  }

  @Test
  void rejectedRecipesStoreNothing() {
    long before = rows();

    Response unknownApplication =
        api.post(
            "/api/v1/recipes",
            "{\"name\":\"ghost\",\"application\":\"no-such-app\",\"targets\":[\"qemu/x86_64\"]}");
    Response unresolvable =
        api.post(
            "/api/v1/recipes",
            "{\"name\":\"broken\",\"application\":\"hello\",\"libraries\":[{\"name\":\"consle\"}],"
                + "\"targets\":[\"qemu/x86_64\"]}");
    Response badName =
        api.post(
            "/api/v1/recipes",
            "{\"name\":\"Bad Name\",\"application\":\"hello\",\"targets\":[\"qemu/x86_64\"]}");
    Response unknownRecipe = put("/api/v1/recipes/absent", HELLO.formatted("absent", 256));
    Response mismatchedName = put("/api/v1/recipes/one", HELLO.formatted("two", 256));

    assertThat(unknownApplication.status()).isEqualTo(422);
    assertThat(unknownApplication.body().at("/problems/0/kind").asString())
        .isEqualTo("UNKNOWN_APPLICATION");
    assertThat(unresolvable.status()).isEqualTo(422);
    assertThat(unresolvable.body().at("/problems/0/kind").asString()).isEqualTo("UNKNOWN_LIBRARY");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(unknownRecipe.status()).isEqualTo(404);
    assertThat(mismatchedName.status()).isEqualTo(400);
    assertThat(rows()).isEqualTo(before);
  }

  private long rows() {
    return jdbc.queryForObject(
        "SELECT (SELECT count(*) FROM recipe) + (SELECT count(*) FROM recipe_version)", Long.class);
  }

  private Response put(String path, String body) {
    return api.put(path, body);
  }
}
