package dev.unicore.controlplane.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import dev.unicore.controlplane.TarGz;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Uploaded sources: a safe archive is stored under its digest (idempotently) and comes back byte
 * for byte; an archive with escapes is refused entry by entry and nothing is stored; oversize and
 * non-gzip uploads get their problems; a recipe names an upload and its builds hand the digest to
 * the worker; an unknown digest or an archive without sources is a recipe problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SourceIT {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aSafeArchiveIsStoredOnceAndReturnedByteForByte() throws Exception {
    ApiClient api = new ApiClient(port);
    byte[] archive =
        new TarGz()
            .file("src/main.c", "int main(void) { return 0; }\n")
            .file("README", "x")
            .bytes();
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));

    Response first = api.upload("/api/v1/sources", archive, "application/gzip");
    Response again = api.upload("/api/v1/sources", archive, "application/gzip");

    assertThat(first.status()).as(first.text()).isEqualTo(201);
    assertThat(first.body().get("digest").asString()).isEqualTo(digest);
    assertThat(first.body().get("sizeBytes").asLong()).isEqualTo(archive.length);
    assertThat(first.body().get("files").toString()).contains("src/main.c").contains("README");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body().get("digest").asString()).isEqualTo(digest);
    assertThat(api.download("/api/v1/sources/" + digest)).isEqualTo(archive);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM source_archive WHERE digest = ?", Long.class, digest))
        .isEqualTo(1);
  }

  @Test
  void escapingArchivesAreRefusedEntryByEntryAndNothingIsStored() {
    ApiClient api = new ApiClient(port);
    long before = jdbc.queryForObject("SELECT count(*) FROM source_archive", Long.class);
    byte[] malicious =
        new TarGz()
            .file("src/main.c", "int main(void) { return 0; }\n")
            .file("../../etc/x", "owned")
            .file("/etc/passwd", "owned")
            .symlink("src/out", "/etc")
            .bytes();

    Response refused = api.upload("/api/v1/sources", malicious, "application/gzip");

    assertThat(refused.status()).as(refused.text()).isEqualTo(422);
    assertThat(refused.body().get("type").asString())
        .isEqualTo("https://unicore.dev/problems/unsafe-archive");
    assertThat(refused.body().get("problems").findValuesAsString("message"))
        .containsExactly(
            "`../../etc/x`: the path is absolute or leaves the archive's directory (..)",
            "`/etc/passwd`: the path is absolute or leaves the archive's directory (..)",
            "`src/out`: symbolic links are not allowed (to `/etc`)");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM source_archive", Long.class))
        .isEqualTo(before);
  }

  @Test
  void oversizeNonGzipAndMissingUploadsGetTheirProblems() {
    ApiClient api = new ApiClient(port);

    Response notGzip = api.upload("/api/v1/sources", "plain".getBytes(), "application/gzip");
    Response json = api.post("/api/v1/sources", "{}");
    Response tooLarge =
        api.upload("/api/v1/sources", new byte[16 * 1024 * 1024 + 1], "application/gzip");
    Response absent = api.get("/api/v1/sources/sha256:" + "0".repeat(64));
    Response malformed = api.get("/api/v1/sources/md5:1234");

    assertThat(notGzip.status()).isEqualTo(422);
    assertThat(notGzip.body().get("problems").get(0).get("message").asString())
        .startsWith("not a readable tar.gz archive");
    assertThat(json.status()).isEqualTo(415);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(absent.status()).isEqualTo(404);
    assertThat(malformed.status()).isEqualTo(400);
  }

  @Test
  void aRecipeBuildsAnUploadAndTheWorkerIsToldItsDigest() {
    ApiClient api = new ApiClient(port);
    assertThat(api.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);
    String digest =
        api.upload("/api/v1/sources", TarGz.helloApplication(), "application/gzip")
            .body()
            .get("digest")
            .asString();
    String noSources =
        api.upload(
                "/api/v1/sources", new TarGz().file("notes.txt", "x").bytes(), "application/gzip")
            .body()
            .get("digest")
            .asString();
    String recipe = "uploaded-" + System.nanoTime();
    String body =
        """
        {"name": "%s", "application": "uploaded", "source": "%s",
         "requires": ["console", "process"], "targets": ["linuxu/x86_64"]}
        """;

    Response unknown =
        api.post("/api/v1/recipes", body.formatted(recipe, "sha256:" + "f".repeat(64)));
    Response empty = api.post("/api/v1/recipes", body.formatted(recipe, noSources));
    Response created = api.post("/api/v1/recipes", body.formatted(recipe, digest));

    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().get("problems").findValuesAsString("kind"))
        .containsExactly("UNKNOWN_SOURCE");
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.body().get("problems").findValuesAsString("kind"))
        .containsExactly("NO_APPLICATION_IN_SOURCE");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.body().get("source").asString()).isEqualTo(digest);

    Response build =
        api.post("/api/v1/builds", "{\"recipe\": \"" + recipe + "\", \"noCache\": true}");
    assertThat(build.status()).as(build.text()).isEqualTo(201);
    long buildId = build.body().get("id").asLong();
    Response worker =
        api.post(
            "/api/v1/workers",
            "{\"name\": \"sources\", \"platforms\": [\"linuxu\"], \"architectures\": [\"x86_64\"],"
                + " \"capacity\": 64}");
    long workerId = worker.body().get("id").asLong();
    Response lease;
    do {
      lease = api.post("/api/v1/workers/" + workerId + "/leases", "");
      assertThat(lease.status()).as("a lease of build " + buildId).isEqualTo(200);
    } while (lease.body().at("/task/buildId").asLong() != buildId);
    assertThat(lease.body().get("source").asString()).isEqualTo(digest);
    assertThat(lease.body().get("application").asString()).isEqualTo("uploaded");
  }
}
