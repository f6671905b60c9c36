package dev.unicore.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anImageManifestReferencesItsConfigAndLayers() {
    ParsedManifest manifest =
        ManifestParser.parse(
            json(
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/x-config\","
                    + "\"digest\":\""
                    + A
                    + "\",\"size\":2},\"layers\":[{\"mediaType\":\"x\","
                    + "\"digest\":\""
                    + B
                    + "\",\"size\":3}],\"subject\":{\"mediaType\":\"x\","
                    + "\"digest\":\""
                    + A
                    + "\",\"size\":1},\"annotations\":{\"k\":\"v\"}}"),
            ManifestParser.OCI_MANIFEST + "; charset=utf-8");
    assertThat(manifest.mediaType()).isEqualTo(ManifestParser.OCI_MANIFEST);
    assertThat(manifest.blobs()).extracting(d -> d.digest().toString()).containsExactly(A, B);
    assertThat(manifest.artifactType()).isEqualTo("application/x-config");
    assertThat(manifest.subject().digest().toString()).isEqualTo(A);
    assertThat(manifest.annotations()).containsEntry("k", "v");
    assertThat(manifest.isIndex()).isFalse();
  }

  @Test
  void anIndexReferencesManifestsAndItsMediaTypeCanComeFromTheBody() {
    ParsedManifest index =
        ManifestParser.parse(
            json(
                "{\"schemaVersion\":2,\"mediaType\":\""
                    + ManifestParser.OCI_INDEX
                    + "\","
                    + "\"artifactType\":\"application/x-sig\",\"manifests\":[{\"mediaType\":\"x\","
                    + "\"digest\":\""
                    + A
                    + "\",\"size\":2}]}"),
            null);
    assertThat(index.isIndex()).isTrue();
    assertThat(index.manifests()).hasSize(1);
    assertThat(index.artifactType()).isEqualTo("application/x-sig");
  }

  @Test
  void refusesWhatIsNoManifest() {
    String[][] cases = {
      {"not json", ManifestParser.OCI_MANIFEST},
      {"[]", ManifestParser.OCI_MANIFEST},
      {"{\"schemaVersion\":2,\"layers\":[]}", ManifestParser.OCI_MANIFEST},
      {"{\"schemaVersion\":1,\"config\":{},\"layers\":[]}", ManifestParser.OCI_MANIFEST},
      {
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"md5:00\",\"size\":1}]}",
        ManifestParser.OCI_INDEX
      },
      {
        "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestParser.OCI_INDEX + "\",\"manifests\":[]}",
        ManifestParser.OCI_MANIFEST
      },
      {"{\"schemaVersion\":2,\"manifests\":[]}", "application/x-unknown+json"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> ManifestParser.parse(json(c[0]), c[1]))
          .as(c[0])
          .isInstanceOf(InvalidManifestException.class);
    }
  }
}
