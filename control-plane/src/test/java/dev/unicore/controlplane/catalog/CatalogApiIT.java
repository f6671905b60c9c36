package dev.unicore.controlplane.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The catalog routes against a real PostgreSQL (the embedded default) and a copy of the
 * repository's unikernel manifests that the test may change: import, idempotence, new versions of
 * changed manifests, filters, pagination, dependents, and what bad input gets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogApiIT {
  private static Path tree;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  private ApiClient api;

  @BeforeAll
  static void copyManifests() throws IOException {
    tree = Files.createTempDirectory("catalog-it");
    Path source = Path.of(System.getProperty("unicore.home", "..")).resolve("unikernel");
    for (String folder : List.of("lib", "plat")) {
      try (Stream<Path> libraries = Files.list(source.resolve(folder))) {
        for (Path library : libraries.toList()) {
          Path manifest = library.resolve("library.toml");
          if (Files.isRegularFile(manifest)) {
            Path copy = tree.resolve(folder).resolve(library.getFileName());
            Files.createDirectories(copy);
            Files.copy(manifest, copy.resolve("library.toml"));
          }
        }
      }
    }
  }

  @AfterAll
  static void removeManifests() throws IOException {
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @DynamicPropertySource
  static void catalogTree(DynamicPropertyRegistry registry) {
    registry.add("unicore.catalog.unikernel-root", () -> tree.toString());
  }

  @BeforeEach
  void client() {
    api = new ApiClient(port);
  }

  @Test
  @Order(1)
  void firstImportCreatesEveryLibraryAndASecondChangesNothing() {
    Response first = api.post("/api/v1/catalog/imports", "");
    Response second = api.post("/api/v1/catalog/imports", "");

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    assertThat(names(first.body().get("created")))
        .contains("console", "libc-minimal", "process", "qemu", "linuxu");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body().get("created")).isEmpty();
    assertThat(second.body().get("newVersions")).isEmpty();
    assertThat(names(second.body().get("unchanged")))
        .containsAll(names(first.body().get("created")));
  }

  @Test
  @Order(2)
  void listsNewestVersionsWithFiltersAndPagination() {
    Response all = api.get("/api/v1/libraries");
    Response linuxuPlatform = api.get("/api/v1/libraries?category=misc&q=linux");
    Response consoleProviders =
        api.get("/api/v1/libraries?provides=console&platform=qemu&architecture=x86_64");
    Response secondPage = api.get("/api/v1/libraries?size=2&page=1");

    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().get("total").asLong()).isEqualTo(all.body().get("items").size());
    assertThat(names(all.body().get("items"), "name")).isSorted();
    assertThat(names(linuxuPlatform.body().get("items"), "name")).containsExactly("linuxu");
    assertThat(names(consoleProviders.body().get("items"), "name")).containsExactly("console");
    assertThat(secondPage.body().get("items")).hasSize(2);
    assertThat(names(secondPage.body().get("items"), "name"))
        .containsExactlyElementsOf(names(all.body().get("items"), "name").subList(2, 4));
    assertThat(secondPage.body().get("total").asLong()).isEqualTo(all.body().get("total").asLong());
  }

  @Test
  @Order(3)
  void aLibraryShowsItsOptionsVersionsAndDependents() {
    Response console = api.get("/api/v1/libraries/console");

    assertThat(console.status()).isEqualTo(200);
    assertThat(console.body().at("/latest/kind").asString()).isEqualTo("internal");
    assertThat(names(console.body().get("versions"))).containsExactly("0.1.0");
    assertThat(names(console.body().get("dependents"))).contains("process");
    assertThat(console.body().at("/latest/options/0/name").asString()).isNotEmpty();
  }

  @Test
  @Order(4)
  void aChangedManifestBecomesANewVersionAndTheOldStaysReadable() throws IOException {
    Path manifest = tree.resolve("lib/console/library.toml");
    Files.writeString(
        manifest,
        Files.readString(manifest).replaceFirst("summary = \".*\"", "summary = \"Changed.\""));

    Response imported = api.post("/api/v1/catalog/imports", "");
    Response history = api.get("/api/v1/libraries/console");
    Response old = api.get("/api/v1/libraries/console/versions/0.1.0");

    assertThat(names(imported.body().get("newVersions"))).containsExactly("console@0.1.0+2");
    assertThat(names(history.body().get("versions"))).containsExactly("0.1.0", "0.1.0+2");
    assertThat(history.body().at("/latest/summary").asString()).isEqualTo("Changed.");
    assertThat(old.status()).isEqualTo(200);
    assertThat(old.body().get("summary").asString()).isNotEqualTo("Changed.");
  }

  @Test
  @Order(5)
  void aMalformedManifestRejectsTheWholeImportAndChangesNothing() throws IOException {
    Long versionsBefore = jdbc.queryForObject("SELECT count(*) FROM library_version", Long.class);
    Path broken = tree.resolve("lib/broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("library.toml"), "name = \"broken\"\nversion = [\n");
    Path process = tree.resolve("lib/process/library.toml");
    Files.writeString(
        process,
        Files.readString(process).replaceFirst("summary = \".*\"", "summary = \"Also changed.\""));
    try {
      Response rejected = api.post("/api/v1/catalog/imports", "");

      assertThat(rejected.status()).isEqualTo(422);
      assertThat(rejected.contentType()).startsWith("application/problem+json");
      assertThat(rejected.body().get("type").asString())
          .isEqualTo("https://unicore.dev/problems/malformed-manifest");
      assertThat(rejected.body().at("/problems/0/message").asString())
          .contains("lib/broken/library.toml:3:1: invalid TOML");
      assertThat(jdbc.queryForObject("SELECT count(*) FROM library_version", Long.class))
          .isEqualTo(versionsBefore);
    } finally {
      Files.delete(broken.resolve("library.toml"));
      Files.delete(broken);
    }
  }

  @Test
  @Order(6)
  void unknownLibrariesVersionsAndRoutesAreProblems() {
    Response library = api.get("/api/v1/libraries/nope");
    Response version = api.get("/api/v1/libraries/console/versions/9.9.9");
    Response route = api.get("/api/v1/nothing-here");
    Response badPage = api.get("/api/v1/libraries?size=0");
    Response notANumber = api.get("/api/v1/libraries?page=first");

    assertThat(library.status()).isEqualTo(404);
    assertThat(library.body().get("type").asString())
        .isEqualTo("https://unicore.dev/problems/not-found");
    assertThat(library.body().get("detail").asString()).isEqualTo("library nope does not exist");
    assertThat(version.status()).isEqualTo(404);
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.contentType()).startsWith("application/problem+json");
    assertThat(badPage.status()).isEqualTo(400);
    assertThat(badPage.body().get("detail").asString()).contains("size");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.body().get("detail").asString()).contains("page");
  }

  @Test
  @Order(7)
  void librariesAreMadeChangedAndDeletedByHand() {
    String manifest =
        """
        name = "hand-made"
        version = "1.0.0"
        category = "misc"
        kind = "external"
        summary = "Described by hand, %s."
        provides = ["hand"]
        platforms = ["linuxu"]
        architectures = ["x86_64"]
        """;
    String body = "{\"manifest\": %s}";
    String first = body.formatted(quoted(manifest.formatted("first")));

    Response created = api.put("/api/v1/libraries/hand-made", first);
    Response same = api.put("/api/v1/libraries/hand-made", first);
    Response changed =
        api.put(
            "/api/v1/libraries/hand-made", body.formatted(quoted(manifest.formatted("second"))));
    Response misnamed = api.put("/api/v1/libraries/other-name", first);
    Response malformed =
        api.put(
            "/api/v1/libraries/hand-made",
            body.formatted(quoted("name = \"hand-made\"\nversion = 3\n")));

    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.body().get("version").asString()).isEqualTo("1.0.0");
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.body().get("version").asString()).isEqualTo("1.0.0");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body().get("version").asString()).isEqualTo("1.0.0+2");
    assertThat(api.get("/api/v1/libraries?provides=hand").body().get("total").asLong())
        .isEqualTo(1);
    assertThat(misnamed.status()).isEqualTo(422);
    assertThat(misnamed.body().get("problems").get(0).get("message").asString())
        .startsWith("catalog/other-name/library.toml:1:")
        .contains("differs from its folder name");
    assertThat(malformed.status()).isEqualTo(422);
    assertThat(malformed.body().get("problems").findValuesAsString("message"))
        .anyMatch(message -> message.contains("version"));
    assertThat(api.get("/api/v1/libraries/hand-made").body().get("versions").size()).isEqualTo(2);

    assertThat(api.delete("/api/v1/libraries/hand-made").status()).isEqualTo(204);
    assertThat(api.get("/api/v1/libraries/hand-made").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/libraries?provides=hand").body().get("total").asLong()).isZero();
    assertThat(api.get("/api/v1/libraries/hand-made/versions/1.0.0").status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/libraries/hand-made").status()).isEqualTo(404);

    Response back = api.put("/api/v1/libraries/hand-made", first);
    assertThat(back.status()).isEqualTo(201);
    assertThat(back.body().get("version").asString()).isEqualTo("1.0.0+3");
  }

  @Test
  @Order(8)
  void onlyAdminsChangeTheCatalogByHand() {
    Response token =
        api.post("/api/v1/tokens", "{\"name\": \"catalog-dev\", \"roles\": [\"developer\"]}");
    ApiClient developer = new ApiClient(port, token.body().get("secret").asString());

    assertThat(developer.put("/api/v1/libraries/hand-made", "{\"manifest\": \"\"}").status())
        .isEqualTo(403);
    assertThat(developer.delete("/api/v1/libraries/console").status()).isEqualTo(403);
    assertThat(api.get("/api/v1/libraries/console").status()).isEqualTo(200);
  }

  private static String quoted(String text) {
    return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
  }

  private static List<String> names(tools.jackson.databind.JsonNode array) {
    return array.valueStream().map(tools.jackson.databind.JsonNode::asString).toList();
  }

  private static List<String> names(tools.jackson.databind.JsonNode array, String field) {
    return array.valueStream().map(node -> node.get(field).asString()).toList();
  }
}
