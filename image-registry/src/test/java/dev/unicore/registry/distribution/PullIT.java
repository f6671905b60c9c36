package dev.unicore.registry.distribution;

import static dev.unicore.registry.RegistryClient.OCI_MANIFEST;
import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.RegistryTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The conformance suite's pull group: blobs and manifests by tag and digest, GET and HEAD. */
class PullIT extends RegistryTestSupport {
  private static final String REPO = "conformance/pull";
  private final byte[] config =
      "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
  private final byte[] layer = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
  private RegistryClient client;
  private String configDigest;
  private String layerDigest;
  private byte[] manifest;
  private String manifestDigest;

  @BeforeEach
  void push() {
    client = client();
    configDigest = client.pushBlob(REPO, config);
    layerDigest = client.pushBlob(REPO, layer);
    manifest =
        RegistryClient.imageManifest(configDigest, config.length, layerDigest, layer.length, null);
    HttpResponse<byte[]> put = client.putManifest(REPO, "latest", OCI_MANIFEST, manifest);
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
    manifestDigest = RegistryClient.sha256(manifest);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(manifestDigest);
  }

  @Test
  void apiVersionCheckAnswers200WithTheVersionHeader() {
    HttpResponse<byte[]> response = client.get("/v2/");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .hasValue("registry/2.0");
  }

  @Test
  void blobsAnswerGetAndHeadWithDigestLengthAndType() {
    HttpResponse<byte[]> head = client.send("HEAD", "/v2/" + REPO + "/blobs/" + layerDigest, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("20");
    assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(layerDigest);
    assertThat(head.body()).isEmpty();

    HttpResponse<byte[]> get = client.get("/v2/" + REPO + "/blobs/" + layerDigest);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(layer);
    assertThat(get.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
  }

  @Test
  void blobRangesAnswer206OrTheUnsatisfiableRange() {
    String path = "/v2/" + REPO + "/blobs/" + layerDigest;
    HttpResponse<byte[]> middle = client.get(path, "Range", "bytes=2-5");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(text(middle)).isEqualTo("2345");
    assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 2-5/20");

    assertThat(text(client.get(path, "Range", "bytes=18-"))).isEqualTo("ij");
    assertThat(text(client.get(path, "Range", "bytes=-3"))).isEqualTo("hij");

    HttpResponse<byte[]> outside = client.get(path, "Range", "bytes=20-30");
    assertThat(outside.statusCode()).isEqualTo(416);
    assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */20");
  }

  @Test
  void absentBlobsAnswer404BlobUnknown() {
    String absent = RegistryClient.sha256("absent".getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> get = client.get("/v2/" + REPO + "/blobs/" + absent);
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(text(get)).contains("\"code\":\"BLOB_UNKNOWN\"");
    assertThat(client.send("HEAD", "/v2/" + REPO + "/blobs/" + absent, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void manifestsAnswerByTagAndDigestWithTheirMediaType() {
    for (String reference : new String[] {"latest", manifestDigest}) {
      HttpResponse<byte[]> get = client.get("/v2/" + REPO + "/manifests/" + reference);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(manifest);
      assertThat(get.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
      assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(manifestDigest);

      HttpResponse<byte[]> head =
          client.send("HEAD", "/v2/" + REPO + "/manifests/" + reference, null);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValue("Content-Length"))
          .hasValue(String.valueOf(manifest.length));
    }
  }

  @Test
  void absentManifestsAndRepositoriesAnswer404() {
    HttpResponse<byte[]> tag = client.get("/v2/" + REPO + "/manifests/no-such-tag");
    assertThat(tag.statusCode()).isEqualTo(404);
    assertThat(text(tag)).contains("MANIFEST_UNKNOWN");
    assertThat(client.send("HEAD", "/v2/" + REPO + "/manifests/no-such-tag", null).statusCode())
        .isEqualTo(404);

    HttpResponse<byte[]> repo = client.get("/v2/no/such/repo/manifests/latest");
    assertThat(repo.statusCode()).isEqualTo(404);
    assertThat(text(repo)).contains("NAME_UNKNOWN");
  }
}
