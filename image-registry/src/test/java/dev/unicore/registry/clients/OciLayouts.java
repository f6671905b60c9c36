package dev.unicore.registry.clients;

import static dev.unicore.registry.RegistryClient.sha256;

import dev.unicore.registry.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes OCI image layouts for the client tests. */
final class OciLayouts {
  private OciLayouts() {}

  /**
   * Writes an image index with one image per architecture (amd64, arm64), each with a config and
   * one tar layer, tagged {@code v1}.
   *
   * @return the digest of the index
   */
  static String multiArchitecture(Path layout, Path work) throws IOException {
    Files.createDirectories(layout.resolve("blobs/sha256"));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    StringBuilder entries = new StringBuilder();
    for (String arch : new String[] {"amd64", "arm64"}) {
      Path root = Files.createDirectories(work.resolve("rootfs-" + arch));
      Files.writeString(root.resolve("kernel"), "unikernel for " + arch + "\n");
      Path tar = work.resolve("layer-" + arch + ".tar.gz");
      Tools.ok(
          work,
          "tar",
          "--mtime=@0",
          "--owner=0",
          "--group=0",
          "--numeric-owner",
          "-cf",
          tar.toString(),
          "-C",
          root.toString(),
          ".");
      byte[] uncompressed = Files.readAllBytes(tar);
      String diffId = sha256(uncompressed);
      ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
        gzip.write(uncompressed);
      }
      byte[] layer = gzipped.toByteArray();
      String layerDigest = blob(layout, layer);
      byte[] config =
          ("{\"architecture\":\""
                  + arch
                  + "\",\"os\":\"linux\",\"config\":{},"
                  + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                  + diffId
                  + "\"]}}")
              .getBytes(StandardCharsets.UTF_8);
      String configDigest = blob(layout, config);
      byte[] manifest =
          ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                  + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                  + configDigest
                  + "\",\"size\":"
                  + config.length
                  + "},\"layers\":[{\"mediaType\":"
                  + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                  + layerDigest
                  + "\",\"size\":"
                  + layer.length
                  + "}],\"annotations\":{\"dev.unicore.platform\":\"qemu\"}}")
              .getBytes(StandardCharsets.UTF_8);
      String manifestDigest = blob(layout, manifest);
      if (entries.length() > 0) {
        entries.append(',');
      }
      entries.append(
          "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
              + manifestDigest
              + "\",\"size\":"
              + manifest.length
              + ",\"platform\":{\"architecture\":\""
              + arch
              + "\",\"os\":\"linux\"}}");
    }
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":["
                + entries
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    String indexDigest = blob(layout, index);
    Files.writeString(
        layout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"digest\":\""
            + indexDigest
            + "\",\"size\":"
            + index.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
    return indexDigest;
  }

  private static String blob(Path layout, byte[] content) throws IOException {
    String digest = sha256(content);
    Files.write(layout.resolve("blobs/sha256/" + digest.substring(7)), content);
    return digest;
  }
}
