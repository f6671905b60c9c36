package dev.unicore.registry.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryTestSupport;
import dev.unicore.registry.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image built with Debian's umoci (a new image, unpacked, a file added, repacked, configured) is
 * pushed with skopeo and pulled back: the manifest digest and every blob are equal.
 */
class UmociIT extends RegistryTestSupport {
  @TempDir Path work;

  @Test
  void anUmociImageRoundTripsByteForByte() throws IOException {
    Path layout = work.resolve("built");
    Tools.ok(work, "umoci", "init", "--layout", layout.toString());
    Tools.ok(work, "umoci", "new", "--image", layout + ":app");
    Path bundle = work.resolve("bundle");
    Tools.ok(work, "umoci", "unpack", "--rootless", "--image", layout + ":app", bundle.toString());
    Files.writeString(bundle.resolve("rootfs/kernel"), "a unikernel\n");
    Tools.ok(work, "umoci", "repack", "--image", layout + ":app", bundle.toString());
    Tools.ok(
        work,
        "umoci",
        "config",
        "--image",
        layout + ":app",
        "--config.cmd",
        "/kernel",
        "--config.label",
        "dev.unicore.platform=qemu");

    String ref = "docker://127.0.0.1:" + port + "/umoci/app:1.0";
    Tools.ok(
        work,
        "skopeo",
        "copy",
        "--preserve-digests",
        "--dest-tls-verify=false",
        "oci:" + layout + ":app",
        ref);
    Path pulled = work.resolve("pulled");
    Tools.ok(
        work,
        "skopeo",
        "copy",
        "--preserve-digests",
        "--src-tls-verify=false",
        ref,
        "oci:" + pulled + ":app");

    String built = Tools.ok(work, "umoci", "stat", "--image", layout + ":app", "--json");
    assertThat(Tools.ok(work, "umoci", "stat", "--image", pulled + ":app", "--json"))
        .isEqualTo(built);
    String builtIndex = Files.readString(layout.resolve("index.json"));
    String manifestDigest =
        builtIndex.replaceAll("(?s).*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
    assertThat(Files.readString(pulled.resolve("index.json"))).contains(manifestDigest);
    for (String blob : Tools.blobNames(pulled)) {
      assertThat(pulled.resolve(blob)).as(blob).hasSameBinaryContentAs(layout.resolve(blob));
    }
    assertThat(Tools.blobNames(pulled)).isNotEmpty();
  }
}
