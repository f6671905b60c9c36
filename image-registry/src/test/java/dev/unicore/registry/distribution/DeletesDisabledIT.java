package dev.unicore.registry.distribution;

import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With deletes switched off, deleting a manifest, tag or blob answers 405 UNSUPPORTED. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "unicore.registry.delete-enabled=false",
      "logging.level.dev.unicore.registry.ops=WARN"
    })
class DeletesDisabledIT {
  @LocalServerPort int port;

  @DynamicPropertySource
  static void storage(DynamicPropertyRegistry registry) throws IOException {
    String root = Files.createTempDirectory("registry-no-delete-").toString();
    registry.add("unicore.registry.storage.root", () -> root);
  }

  @Test
  void deletesAreRefusedAndNothingIsRemoved() {
    RegistryClient client = new RegistryClient(port);
    byte[] manifest = ContentDiscoveryIT.pushImage(client, "kept/app", "kept layer");
    String digest = RegistryClient.sha256(manifest);
    client.putManifest("kept/app", "v1", RegistryClient.OCI_MANIFEST, manifest);
    String layer = RegistryClient.sha256("kept layer".getBytes(StandardCharsets.UTF_8));

    for (String path :
        new String[] {
          "/v2/kept/app/manifests/" + digest,
          "/v2/kept/app/manifests/v1",
          "/v2/kept/app/blobs/" + layer
        }) {
      HttpResponse<byte[]> response = client.send("DELETE", path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(405);
      assertThat(text(response)).contains("\"code\":\"UNSUPPORTED\"");
      assertThat(client.get(path).statusCode()).as(path).isEqualTo(200);
    }
  }
}
