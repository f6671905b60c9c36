package dev.unicore.registry.clients;

import static dev.unicore.registry.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.RegistryTestSupport;
import dev.unicore.registry.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's skopeo drives the registry: a multi-architecture OCI image index (amd64 and arm64) is
 * copied in and out with {@code --all}, inspected, its tags listed, and deleted. The index and
 * every blob come back byte for byte.
 */
class SkopeoIT extends RegistryTestSupport {
  @TempDir Path work;

  @Test
  void copiesAMultiArchitectureIndexInAndOutInspectsListsTagsAndDeletes() throws IOException {
    Path layout = work.resolve("in");
    String indexDigest = OciLayouts.multiArchitecture(layout, work);
    String ref = "docker://127.0.0.1:" + port + "/skopeo/multi";

    Tools.ok(
        work,
        "skopeo",
        "copy",
        "--all",
        "--preserve-digests",
        "--dest-tls-verify=false",
        "oci:" + layout + ":v1",
        ref + ":v1");
    Tools.ok(
        work,
        "skopeo",
        "copy",
        "--all",
        "--preserve-digests",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        ref + ":v1",
        ref + ":v2");

    String raw = Tools.ok(work, "skopeo", "inspect", "--raw", "--tls-verify=false", ref + ":v1");
    assertThat(sha256(raw.strip().getBytes(StandardCharsets.UTF_8))).isEqualTo(indexDigest);
    String arm =
        Tools.ok(
            work,
            "skopeo",
            "--override-arch",
            "arm64",
            "inspect",
            "--tls-verify=false",
            ref + ":v1");
    assertThat(arm).contains("\"Architecture\": \"arm64\"");
    assertThat(Tools.ok(work, "skopeo", "list-tags", "--tls-verify=false", ref))
        .contains("\"v1\"", "\"v2\"");

    Path out = work.resolve("out");
    Tools.ok(
        work,
        "skopeo",
        "copy",
        "--all",
        "--preserve-digests",
        "--src-tls-verify=false",
        ref + ":v1",
        "oci:" + out + ":v1");
    assertThat(Files.readString(out.resolve("index.json"))).contains(indexDigest);
    for (String blob : Tools.blobNames(layout)) {
      assertThat(out.resolve(blob)).as(blob).exists().hasSameBinaryContentAs(layout.resolve(blob));
    }

    Tools.ok(work, "skopeo", "delete", "--tls-verify=false", ref + ":v1");
    assertThat(
            Tools.run(work, "skopeo", "inspect", "--raw", "--tls-verify=false", ref + ":v2")
                .status())
        .as("v2 pointed at the deleted index")
        .isNotZero();
    assertThat(
            new RegistryClient(port).get("/v2/skopeo/multi/manifests/" + indexDigest).statusCode())
        .isEqualTo(404);
  }
}
