package dev.unicore.registry.distribution;

import static dev.unicore.registry.RegistryClient.OCI_MANIFEST;
import static dev.unicore.registry.RegistryClient.sha256;
import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.RegistryTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of bad input: each request gets the spec's status and error code in the OCI
 * envelope, and nothing becomes visible in the storage (its blobs and repositories are unchanged).
 */
class BadInputIT extends RegistryTestSupport {
  private static final String REPO = "bad/input";
  private static final byte[] CONTENT = "content".getBytes(StandardCharsets.UTF_8);
  private static final String WRONG = sha256("other".getBytes(StandardCharsets.UTF_8));

  static Stream<Arguments> cases() {
    return Stream.of(
        bad(
            "digest mismatch on a single POST",
            c -> c.send("POST", "/v2/" + REPO + "/blobs/uploads/?digest=" + WRONG, CONTENT),
            400,
            "DIGEST_INVALID"),
        bad(
            "digest mismatch on the closing PUT",
            c -> c.send("PUT", startUpload(c) + "?digest=" + WRONG, CONTENT),
            400,
            "DIGEST_INVALID"),
        bad(
            "manifest pushed under another digest",
            c -> c.putManifest(REPO, WRONG, OCI_MANIFEST, manifestOf(sha256(CONTENT))),
            400,
            "DIGEST_INVALID"),
        bad(
            "unknown digest algorithm on upload",
            c ->
                c.send(
                    "POST",
                    "/v2/" + REPO + "/blobs/uploads/?digest=md5:9a0364b9e99bb480dd25e1f0284c8555",
                    CONTENT),
            400,
            "DIGEST_INVALID"),
        bad(
            "unknown digest algorithm on a blob",
            c -> c.get("/v2/" + REPO + "/blobs/sha1:0a4d55a8d778e5022fab701977c5d840bbc486d0"),
            400,
            "DIGEST_INVALID"),
        bad(
            "upper-case repository name",
            c -> c.send("POST", "/v2/Bad/Name/blobs/uploads/", null),
            400,
            "NAME_INVALID"),
        bad(
            "repository name with a trailing separator",
            c -> c.putManifest("bad-/name", "latest", OCI_MANIFEST, manifestOf(sha256(CONTENT))),
            400,
            "NAME_INVALID"),
        bad(
            "repository name over 255 characters",
            c -> c.send("POST", "/v2/" + "a".repeat(256) + "/blobs/uploads/", null),
            400,
            "NAME_INVALID"),
        bad(
            "invalid tag",
            c ->
                c.putManifest(REPO, "-starts-with-dash", OCI_MANIFEST, manifestOf(sha256(CONTENT))),
            400,
            "MANIFEST_INVALID"),
        bad(
            "tag over 128 characters",
            c -> c.putManifest(REPO, "t".repeat(129), OCI_MANIFEST, manifestOf(sha256(CONTENT))),
            400,
            "MANIFEST_INVALID"),
        bad(
            "path traversal with dot segments",
            c ->
                c.send(
                    "POST",
                    "/v2/bad/../../escape/blobs/uploads/?digest=" + sha256(CONTENT),
                    CONTENT),
            400,
            "NAME_INVALID"),
        bad(
            "path traversal with encoded dot segments",
            c ->
                c.send(
                    "POST",
                    "/v2/bad/%2e%2e/%2e%2e/escape/blobs/uploads/?digest=" + sha256(CONTENT),
                    CONTENT),
            400,
            "NAME_INVALID"),
        bad(
            "manifest over the size limit",
            c ->
                c.putManifest(
                    REPO,
                    "big",
                    OCI_MANIFEST,
                    manifestOf(
                        sha256(CONTENT),
                        "\"annotations\":{\"pad\":\"" + "x".repeat(70_000) + "\"}")),
            413,
            "MANIFEST_INVALID"),
        bad(
            "manifest naming absent blobs",
            c -> c.putManifest(REPO, "absent", OCI_MANIFEST, manifestOf(WRONG)),
            400,
            "MANIFEST_BLOB_UNKNOWN"),
        bad(
            "manifest that is not JSON",
            c -> c.putManifest(REPO, "garbage", OCI_MANIFEST, CONTENT),
            400,
            "MANIFEST_INVALID"),
        bad(
            "manifest whose mediaType contradicts the Content-Type",
            c ->
                c.putManifest(
                    REPO,
                    "mixed",
                    "application/vnd.docker.distribution.manifest.v2+json",
                    manifestOf(sha256(CONTENT))),
            400,
            "MANIFEST_INVALID"),
        bad(
            "chunk out of order",
            c -> c.send("PATCH", startUpload(c), CONTENT, "Content-Range", "5-11"),
            416,
            "BLOB_UPLOAD_INVALID"),
        bad(
            "closing chunk out of order",
            c ->
                c.send(
                    "PUT",
                    startUpload(c) + "?digest=" + sha256(CONTENT),
                    CONTENT,
                    "Content-Range",
                    "3-9"),
            416,
            "BLOB_UPLOAD_INVALID"),
        bad(
            "Content-Length that contradicts Content-Range",
            c -> c.send("PATCH", startUpload(c), CONTENT, "Content-Range", "0-3"),
            400,
            "SIZE_INVALID"),
        bad(
            "chunk over the size limit",
            c -> c.send("PATCH", startUpload(c), new byte[8 * 1024 * 1024 + 1]),
            413,
            "BLOB_UPLOAD_INVALID"),
        bad(
            "unknown upload session",
            c ->
                c.send(
                    "PATCH",
                    "/v2/" + REPO + "/blobs/uploads/0b5e1c1e-0000-4000-8000-000000000000",
                    CONTENT),
            404,
            "BLOB_UPLOAD_UNKNOWN"),
        bad(
            "upload session of another repository",
            c ->
                c.send(
                    "PUT",
                    startUpload(c).replace(REPO, "bad/other") + "?digest=" + sha256(CONTENT),
                    CONTENT),
            404,
            "BLOB_UPLOAD_UNKNOWN"),
        bad(
            "malformed upload id",
            c -> c.get("/v2/" + REPO + "/blobs/uploads/not-an-id"),
            404,
            "BLOB_UPLOAD_UNKNOWN"),
        bad(
            "unsupported method",
            c -> c.send("POST", "/v2/" + REPO + "/manifests/latest", CONTENT),
            405,
            "UNSUPPORTED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputGetsTheSpecsErrorCodeAndStoresNothing(
      String description,
      Function<RegistryClient, HttpResponse<byte[]>> request,
      int status,
      String code) {
    List<String> before = visibleFiles();

    HttpResponse<byte[]> response = request.apply(client());

    assertThat(response.statusCode()).as(description + ": " + text(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(text(response)).contains("{\"errors\":[{\"code\":\"" + code + "\",\"message\":");
    assertThat(visibleFiles()).as(description).isEqualTo(before);
  }

  private static Arguments bad(
      String description,
      Function<RegistryClient, HttpResponse<byte[]>> request,
      int status,
      String code) {
    return Arguments.of(description, request, status, code);
  }

  private static String startUpload(RegistryClient client) {
    HttpResponse<byte[]> start = client.send("POST", "/v2/" + REPO + "/blobs/uploads/", null);
    assertThat(start.statusCode()).isEqualTo(202);
    return start.headers().firstValue("Location").orElseThrow();
  }

  private static byte[] manifestOf(String layerDigest) {
    return manifestOf(layerDigest, null);
  }

  private static byte[] manifestOf(String layerDigest, String extra) {
    return RegistryClient.imageManifest(layerDigest, 7, layerDigest, 7, extra);
  }
}
