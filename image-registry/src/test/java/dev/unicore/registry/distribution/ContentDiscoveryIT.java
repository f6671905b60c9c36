package dev.unicore.registry.distribution;

import static dev.unicore.registry.RegistryClient.OCI_INDEX;
import static dev.unicore.registry.RegistryClient.OCI_MANIFEST;
import static dev.unicore.registry.RegistryClient.sha256;
import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.RegistryTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite's content-discovery group: tag lists with pagination, referrers, catalog.
 */
class ContentDiscoveryIT extends RegistryTestSupport {
  private static final String REPO = "conformance/discovery";

  @Test
  void tagsAreListedInOrderAndPaginated() {
    RegistryClient client = client();
    byte[] manifest = pushImage(client, REPO, "layer-for-tags");
    for (String tag : new String[] {"c", "a", "d", "b"}) {
      assertThat(client.putManifest(REPO, tag, OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
    }
    assertThat(text(client.get("/v2/" + REPO + "/tags/list")))
        .isEqualTo("{\"name\":\"" + REPO + "\",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}");

    HttpResponse<byte[]> first = client.get("/v2/" + REPO + "/tags/list?n=2");
    assertThat(text(first)).contains("\"tags\":[\"a\",\"b\"]");
    assertThat(first.headers().firstValue("Link"))
        .hasValue("</v2/" + REPO + "/tags/list?n=2&last=b>; rel=\"next\"");

    HttpResponse<byte[]> next = client.get("/v2/" + REPO + "/tags/list?n=2&last=b");
    assertThat(text(next)).contains("\"tags\":[\"c\",\"d\"]");
    assertThat(next.headers().firstValue("Link")).isEmpty();

    assertThat(text(client.get("/v2/" + REPO + "/tags/list?n=0"))).contains("\"tags\":[]");
    assertThat(text(client.get("/v2/" + REPO + "/tags/list?last=c"))).contains("\"tags\":[\"d\"]");
  }

  @Test
  void tagsOfAnUnknownRepositoryAnswer404NameUnknown() {
    HttpResponse<byte[]> response = client().get("/v2/no/such/repository/tags/list");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(text(response)).contains("NAME_UNKNOWN");
  }

  @Test
  void referrersListManifestsNamingTheSubjectAndFilterByArtifactType() {
    RegistryClient client = client();
    String repo = "conformance/referrers";
    byte[] subject = pushImage(client, repo, "subject-layer");
    String subjectDigest = sha256(subject);
    String subjectDescriptor =
        "\"subject\":{\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"digest\":\""
            + subjectDigest
            + "\",\"size\":"
            + subject.length
            + "}";

    String emptyConfig = client.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
    String sbom = client.pushBlob(repo, "sbom".getBytes(StandardCharsets.UTF_8));
    byte[] sbomManifest =
        RegistryClient.imageManifest(
            emptyConfig,
            2,
            sbom,
            4,
            "\"artifactType\":\"application/vnd.example.sbom\",\"annotations\":{\"kind\":\"sbom\"},"
                + subjectDescriptor);
    assertThat(
            client.putManifest(repo, sha256(sbomManifest), OCI_MANIFEST, sbomManifest).statusCode())
        .isEqualTo(201);
    byte[] signatureIndex =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + OCI_INDEX
                + "\",\"artifactType\":\"application/vnd.example.signature\",\"manifests\":[],"
                + subjectDescriptor
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            client
                .putManifest(repo, sha256(signatureIndex), OCI_INDEX, signatureIndex)
                .statusCode())
        .isEqualTo(201);

    HttpResponse<byte[]> all = client.get("/v2/" + repo + "/referrers/" + subjectDigest);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
    assertThat(text(all))
        .contains(sha256(sbomManifest), sha256(signatureIndex))
        .contains("\"artifactType\":\"application/vnd.example.sbom\"")
        .contains("\"annotations\":{\"kind\":\"sbom\"}");

    HttpResponse<byte[]> filtered =
        client.get(
            "/v2/"
                + repo
                + "/referrers/"
                + subjectDigest
                + "?artifactType=application/vnd.example.signature");
    assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(text(filtered))
        .contains(sha256(signatureIndex))
        .doesNotContain(sha256(sbomManifest));

    HttpResponse<byte[]> none =
        client.get(
            "/v2/" + repo + "/referrers/" + sha256("nothing".getBytes(StandardCharsets.UTF_8)));
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(text(none)).contains("\"manifests\":[]");

    HttpResponse<byte[]> invalid = client.get("/v2/" + repo + "/referrers/sha256:abc");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(text(invalid)).contains("DIGEST_INVALID");
  }

  @Test
  void catalogListsRepositoriesWithPagination() {
    RegistryClient client = client();
    client.pushBlob("catalog/one", "1".getBytes(StandardCharsets.UTF_8));
    client.pushBlob("catalog/two", "2".getBytes(StandardCharsets.UTF_8));
    assertThat(text(client.get("/v2/_catalog"))).contains("\"catalog/one\"", "\"catalog/two\"");
    HttpResponse<byte[]> page = client.get("/v2/_catalog?n=1&last=catalog/one");
    assertThat(text(page)).isEqualTo("{\"repositories\":[\"catalog/two\"]}");
    assertThat(page.headers().firstValue("Link")).isPresent();
  }

  /** Pushes a small image and returns its manifest. */
  static byte[] pushImage(RegistryClient client, String repo, String layerText) {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
    String configDigest = client.pushBlob(repo, config);
    String layerDigest = client.pushBlob(repo, layer);
    byte[] manifest =
        RegistryClient.imageManifest(configDigest, config.length, layerDigest, layer.length, null);
    assertThat(client.putManifest(repo, sha256(manifest), OCI_MANIFEST, manifest).statusCode())
        .isEqualTo(201);
    return manifest;
  }
}
