package dev.unicore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client of the distribution API for tests, speaking only to 127.0.0.1. */
public final class RegistryClient {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public RegistryClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Sends every later request with this header (for example Authorization). */
  public RegistryClient withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public String base() {
    return base;
  }

  public static String sha256(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> send(String method, String path, byte[] body, String... headerPairs) {
    BodyPublisher publisher =
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(request::header);
    for (int i = 0; i < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    request.method(method, publisher);
    try {
      return http.send(request.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> get(String path, String... headerPairs) {
    return send("GET", path, null, headerPairs);
  }

  public static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** Pushes a blob monolithically (POST then PUT) and returns its digest. */
  public String pushBlob(String repository, byte[] content) {
    String digest = sha256(content);
    HttpResponse<byte[]> start = send("POST", "/v2/" + repository + "/blobs/uploads/", null);
    assertThat(start.statusCode()).as(text(start)).isEqualTo(202);
    String location = start.headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> put =
        send(
            "PUT",
            location + (location.contains("?") ? "&" : "?") + "digest=" + digest,
            content,
            "Content-Type",
            "application/octet-stream");
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
    return digest;
  }

  /** Pushes a manifest under a tag or digest and returns the response. */
  public HttpResponse<byte[]> putManifest(
      String repository, String reference, String mediaType, byte[] content) {
    return send(
        "PUT", "/v2/" + repository + "/manifests/" + reference, content, "Content-Type", mediaType);
  }

  /** A minimal OCI image manifest over the config and layer digests with their sizes. */
  public static byte[] imageManifest(
      String configDigest, int configSize, String layerDigest, int layerSize, String extra) {
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + configSize
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
            + "\"digest\":\""
            + layerDigest
            + "\",\"size\":"
            + layerSize
            + "}]"
            + (extra == null ? "" : "," + extra)
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
