package dev.unicore.registry.distribution;

import static dev.unicore.registry.RegistryClient.OCI_MANIFEST;
import static dev.unicore.registry.RegistryClient.sha256;
import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.RegistryTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The conformance suite's content-management group: deleting tags, manifests and blobs. */
class ContentManagementIT extends RegistryTestSupport {
  private static final String REPO = "conformance/management";

  @Test
  void deletingATagKeepsTheManifest() {
    RegistryClient client = client();
    byte[] manifest = ContentDiscoveryIT.pushImage(client, REPO, "tag-delete");
    client.putManifest(REPO, "to-delete", OCI_MANIFEST, manifest);
    assertThat(client.send("DELETE", "/v2/" + REPO + "/manifests/to-delete", null).statusCode())
        .isEqualTo(202);
    assertThat(client.get("/v2/" + REPO + "/manifests/to-delete").statusCode()).isEqualTo(404);
    assertThat(client.get("/v2/" + REPO + "/manifests/" + sha256(manifest)).statusCode())
        .isEqualTo(200);
    assertThat(text(client.get("/v2/" + REPO + "/tags/list"))).doesNotContain("to-delete");
  }

  @Test
  void deletingAManifestRemovesItAndItsTags() {
    RegistryClient client = client();
    byte[] manifest = ContentDiscoveryIT.pushImage(client, REPO, "manifest-delete");
    client.putManifest(REPO, "doomed", OCI_MANIFEST, manifest);
    String path = "/v2/" + REPO + "/manifests/" + sha256(manifest);
    assertThat(client.send("DELETE", path, null).statusCode()).isEqualTo(202);
    assertThat(client.get(path).statusCode()).isEqualTo(404);
    assertThat(client.get("/v2/" + REPO + "/manifests/doomed").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> again = client.send("DELETE", path, null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(text(again)).contains("MANIFEST_UNKNOWN");
  }

  @Test
  void deletingABlobUnlinksItFromTheRepository() {
    RegistryClient client = client();
    String digest = client.pushBlob(REPO, "blob-delete".getBytes(StandardCharsets.UTF_8));
    String path = "/v2/" + REPO + "/blobs/" + digest;
    assertThat(client.send("DELETE", path, null).statusCode()).isEqualTo(202);
    HttpResponse<byte[]> gone = client.get(path);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(text(gone)).contains("BLOB_UNKNOWN");
    assertThat(client.send("DELETE", path, null).statusCode()).isEqualTo(404);
  }
}
