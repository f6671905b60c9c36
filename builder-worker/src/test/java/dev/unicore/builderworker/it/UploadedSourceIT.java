package dev.unicore.builderworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unicore.client.api.RecipesApi;
import dev.unicore.client.model.Build;
import dev.unicore.client.model.RecipeRequest;
import dev.unicore.client.model.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application that is not one of the unikernel tree's examples: uploaded as a tar.gz, named by a
 * recipe, built by the worker from the archive the lease names, booted and pushed.
 */
class UploadedSourceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestPlatform platform;
  private static TestPlatform.Worker worker;

  @BeforeAll
  static void startWorker() throws Exception {
    platform = TestPlatform.get();
    worker = platform.startWorker();
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.process().destroy();
      worker.process().waitFor();
    }
  }

  @Test
  void anUploadedApplicationIsBuiltBootedAndPushed() throws Exception {
    byte[] archive =
        tarGz(
            "src/main.c",
            """
            #include <stdio.h>

            int main(void)
            {
            	printf("greetings from an uploaded source\\n");
            	return 0;
            }
            """);
    // The generated client's uploadSource(File) sends the file's name as JSON, not its bytes, so
    // the upload goes through plain HTTP.
    HttpResponse<String> uploaded =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + platform.controlPlanePort + "/api/v1/sources"))
                    .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                    .header("Content-Type", "application/gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    String digest = JSON.readTree(uploaded.body()).get("digest").asText();
    new RecipesApi(platform.admin)
        .createRecipe(
            new RecipeRequest()
                .name("greeter-upload")
                .application("greeter")
                .source(digest)
                .requires(List.of("console", "process"))
                .libraries(List.of())
                .targets(List.of("linuxu/x86_64"))
                .commandLine(""));

    Build build =
        platform.awaitBuild(platform.build("greeter-upload").getId(), Duration.ofSeconds(60));

    Task task = build.getTasks().get(0);
    String log = platform.taskLog(task.getId());
    assertThat(build.getState().getValue())
        .as("build %s, log:%n%s", build, log)
        .isEqualTo("succeeded");
    assertThat(log)
        .contains("[worker] sources: uploaded archive " + digest.substring(0, 23))
        .contains("CC ")
        .contains("console | greetings from an uploaded source")
        .contains("smoke boot: passed");
    String raw =
        platform.skopeo(
            "inspect",
            "--raw",
            "--tls-verify=false",
            "--creds",
            TestPlatform.REGISTRY_USER + ":" + TestPlatform.REGISTRY_PASSWORD,
            platform.imageReference(
                "unicore/greeter-upload", "build-" + build.getId() + ".linuxu.x86_64"));
    assertThat(dev.unicore.builderworker.image.Blob.sha256(raw.getBytes(StandardCharsets.UTF_8)))
        .as("the reported digest is the pushed manifest's")
        .isEqualTo(task.getImageDigest());
    JsonNode manifest = JSON.readTree(raw);
    assertThat(manifest.at("/annotations/dev.unicore.application").asText()).isEqualTo("greeter");
    assertThat(manifest.at("/annotations/com.urunc.unikernel.binary").asText())
        .isEqualTo("/unikernel/greeter.elf");
  }

  private static byte[] tarGz(String name, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      TarArchiveEntry directory = new TarArchiveEntry("src/");
      tar.putArchiveEntry(directory);
      tar.closeArchiveEntry();
      byte[] data = text.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry file = new TarArchiveEntry(name);
      file.setSize(data.length);
      tar.putArchiveEntry(file);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }
}
