package dev.unicore.registry.distribution;

import static dev.unicore.registry.RegistryClient.OCI_INDEX;
import static dev.unicore.registry.RegistryClient.OCI_MANIFEST;
import static dev.unicore.registry.RegistryClient.sha256;
import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.RegistryTestSupport;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite's push group: monolithic (POST+PUT and single POST), streamed and chunked
 * uploads with status, cross-repository mount, and manifests of each media type.
 */
class PushIT extends RegistryTestSupport {
  private RegistryClient http() {
    return client();
  }

  @Test
  void singlePostPushesAMonolithicBlob() {
    byte[] content = "single post".getBytes(StandardCharsets.UTF_8);
    String digest = sha256(content);
    HttpResponse<byte[]> post =
        http()
            .send(
                "POST",
                "/v2/push/single/blobs/uploads/?digest=" + digest,
                content,
                "Content-Type",
                "application/octet-stream");
    assertThat(post.statusCode()).as(text(post)).isEqualTo(201);
    assertThat(post.headers().firstValue("Location")).hasValue("/v2/push/single/blobs/" + digest);
    assertThat(http().get("/v2/push/single/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void postThenPutPushesAMonolithicBlob() {
    byte[] content = "post then put".getBytes(StandardCharsets.UTF_8);
    String digest = http().pushBlob("push/monolithic", content);
    assertThat(http().get("/v2/push/monolithic/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void streamedPatchThenPutPushesABlob() {
    byte[] content = "streamed in one patch".getBytes(StandardCharsets.UTF_8);
    String location = start("push/streamed");
    HttpResponse<byte[]> patch = http().send("PATCH", location, content);
    assertThat(patch.statusCode()).isEqualTo(202);
    assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (content.length - 1));
    HttpResponse<byte[]> put =
        http()
            .send(
                "PUT",
                patch.headers().firstValue("Location").orElseThrow() + "?digest=" + sha256(content),
                null);
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
  }

  @Test
  void chunkedUploadsAreOrderedResumableAndReportTheirStatus() {
    byte[] content = new byte[3000];
    Arrays.fill(content, (byte) 'c');
    content[2999] = 'z';
    String location = start("push/chunked");

    HttpResponse<byte[]> outOfOrder =
        http()
            .send(
                "PATCH",
                location,
                Arrays.copyOfRange(content, 1000, 2000),
                "Content-Range",
                "1000-1999");
    assertThat(outOfOrder.statusCode()).isEqualTo(416);
    assertThat(text(outOfOrder)).contains("BLOB_UPLOAD_INVALID");

    HttpResponse<byte[]> first =
        http()
            .send(
                "PATCH", location, Arrays.copyOfRange(content, 0, 1000), "Content-Range", "0-999");
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.headers().firstValue("Range")).hasValue("0-999");

    HttpResponse<byte[]> status = http().get(location);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).hasValue("0-999");
    assertThat(status.headers().firstValue("Location")).hasValue(location);

    HttpResponse<byte[]> second =
        http()
            .send(
                "PATCH",
                location,
                Arrays.copyOfRange(content, 1000, 2000),
                "Content-Range",
                "1000-1999");
    assertThat(second.statusCode()).isEqualTo(202);

    HttpResponse<byte[]> last =
        http()
            .send(
                "PUT",
                location + "?digest=" + sha256(content),
                Arrays.copyOfRange(content, 2000, 3000),
                "Content-Range",
                "2000-2999");
    assertThat(last.statusCode()).as(text(last)).isEqualTo(201);
    assertThat(http().get("/v2/push/chunked/blobs/" + sha256(content)).body()).isEqualTo(content);
  }

  @Test
  void crossRepositoryMountLinksAnExistingBlob() {
    byte[] content = "mounted".getBytes(StandardCharsets.UTF_8);
    String digest = http().pushBlob("push/mount-source", content);
    HttpResponse<byte[]> mount =
        http()
            .send(
                "POST",
                "/v2/push/mount-target/blobs/uploads/?mount=" + digest + "&from=push/mount-source",
                null);
    assertThat(mount.statusCode()).isEqualTo(201);
    assertThat(mount.headers().firstValue("Location"))
        .hasValue("/v2/push/mount-target/blobs/" + digest);
    assertThat(http().get("/v2/push/mount-target/blobs/" + digest).body()).isEqualTo(content);

    HttpResponse<byte[]> unknownSource =
        http()
            .send(
                "POST",
                "/v2/push/mount-other/blobs/uploads/?mount=" + digest + "&from=push/nowhere",
                null);
    assertThat(unknownSource.statusCode()).isEqualTo(202);
    assertThat(unknownSource.headers().firstValue("Location").orElseThrow())
        .startsWith("/v2/push/mount-other/blobs/uploads/");
  }

  @Test
  void cancelledUploadsAreGone() {
    String location = start("push/cancelled");
    assertThat(http().send("DELETE", location, null).statusCode()).isEqualTo(204);
    HttpResponse<byte[]> status = http().get(location);
    assertThat(status.statusCode()).isEqualTo(404);
    assertThat(text(status)).contains("BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void manifestsOfEveryMediaTypeAreAccepted() {
    String repo = "push/manifests";
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "layer".getBytes(StandardCharsets.UTF_8);
    String configDigest = http().pushBlob(repo, config);
    String layerDigest = http().pushBlob(repo, layer);

    byte[] oci = RegistryClient.imageManifest(configDigest, 2, layerDigest, 5, null);
    assertThat(http().putManifest(repo, "oci", OCI_MANIFEST, oci).statusCode()).isEqualTo(201);

    String docker = "application/vnd.docker.distribution.manifest.v2+json";
    byte[] dockerManifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + docker
                + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"digest\":\""
                + configDigest
                + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\""
                + layerDigest
                + "\",\"size\":5}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> dockerPut = http().putManifest(repo, "docker", docker, dockerManifest);
    assertThat(dockerPut.statusCode()).as(text(dockerPut)).isEqualTo(201);
    assertThat(http().get("/v2/" + repo + "/manifests/docker").headers().firstValue("Content-Type"))
        .hasValue(docker);

    String list = "application/vnd.docker.distribution.manifest.list.v2+json";
    byte[] dockerList =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + list
                + "\",\"manifests\":[{\"mediaType\":\""
                + docker
                + "\",\"digest\":\""
                + sha256(dockerManifest)
                + "\",\"size\":"
                + dockerManifest.length
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(http().putManifest(repo, "list", list, dockerList).statusCode()).isEqualTo(201);

    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + OCI_INDEX
                + "\",\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST
                + "\",\"digest\":\""
                + sha256(oci)
                + "\",\"size\":"
                + oci.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> byDigest = http().putManifest(repo, sha256(index), OCI_INDEX, index);
    assertThat(byDigest.statusCode()).isEqualTo(201);
    assertThat(byDigest.headers().firstValue("Location"))
        .hasValue("/v2/" + repo + "/manifests/" + sha256(index));

    byte[] artifact =
        RegistryClient.imageManifest(
            configDigest,
            2,
            layerDigest,
            5,
            "\"artifactType\":\"application/vnd.unicore.test\",\"subject\":{\"mediaType\":\""
                + OCI_MANIFEST
                + "\",\"digest\":\""
                + sha256(oci)
                + "\",\"size\":"
                + oci.length
                + "}");
    HttpResponse<byte[]> artifactPut =
        http().putManifest(repo, sha256(artifact), OCI_MANIFEST, artifact);
    assertThat(artifactPut.statusCode()).isEqualTo(201);
    assertThat(artifactPut.headers().firstValue("OCI-Subject")).hasValue(sha256(oci));
  }

  @Test
  void anInterruptedChunkLeavesNothingVisibleAndTheSessionResumable() throws Exception {
    String location = start("push/interrupted");
    List<String> before = visibleFiles();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PATCH "
                  + location
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[300_000]);
      out.flush();
    }
    // The server notices the closed connection; the half chunk must never count.
    for (int i = 0;
        i < 50 && !http().get(location).headers().firstValue("Range").orElse("").equals("0-0");
        i++) {
      Thread.sleep(100);
    }
    HttpResponse<byte[]> status = http().get(location);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).hasValue("0-0");
    assertThat(visibleFiles()).isEqualTo(before);

    byte[] content = "resumed after the interruption".getBytes(StandardCharsets.UTF_8);
    assertThat(
            http()
                .send("PATCH", location, content, "Content-Range", "0-" + (content.length - 1))
                .statusCode())
        .isEqualTo(202);
    assertThat(http().send("PUT", location + "?digest=" + sha256(content), null).statusCode())
        .isEqualTo(201);
  }

  @Test
  void largeBlobsAreServedWholeAndInRanges() {
    byte[] content = new byte[3 * 1024 * 1024];
    new Random(42).nextBytes(content);
    String digest = http().pushBlob("push/large", content);
    String path = "/v2/push/large/blobs/" + digest;
    assertThat(http().get(path).body()).isEqualTo(content);
    HttpResponse<byte[]> range = http().get(path, "Range", "bytes=1000000-2999999");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1_000_000, 3_000_000));
  }

  private String start(String repository) {
    HttpResponse<byte[]> start = http().send("POST", "/v2/" + repository + "/blobs/uploads/", null);
    assertThat(start.statusCode()).isEqualTo(202);
    assertThat(start.headers().firstValue("Docker-Upload-UUID")).isPresent();
    return start.headers().firstValue("Location").orElseThrow();
  }
}
