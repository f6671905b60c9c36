package dev.unicore.agent.kubernetes.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The repository's registry jar as a process with token auth on: a push account for the tests and a
 * pull-only account for the operator. {@link #push} stores a small image (one layer of given bytes)
 * under a tag and returns its manifest digest.
 */
public final class TestRegistry implements AutoCloseable {
  public static final String PULLER = "operator";
  public static final String PULL_SECRET = "pull-secret-for-operator-tests";
  private static final String PUSHER = "builder";
  private static final String PUSH_SECRET = "push-secret-for-operator-tests";
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final int port;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private TestRegistry(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  public static TestRegistry start(Path directory) throws IOException {
    int port = freePort();
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("unicore.test.registry-jar"),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--unicore.registry.storage.root=" + directory.resolve("registry"),
                "--logging.level.root=WARN",
                "--unicore.registry.auth.enabled=true",
                "--unicore.registry.auth.accounts[0].name=" + PUSHER,
                "--unicore.registry.auth.accounts[0].secret-hash=" + bcrypt.encode(PUSH_SECRET),
                "--unicore.registry.auth.accounts[0].access[0].repository=*",
                "--unicore.registry.auth.accounts[0].access[0].actions=pull,push",
                "--unicore.registry.auth.accounts[1].name=" + PULLER,
                "--unicore.registry.auth.accounts[1].secret-hash=" + bcrypt.encode(PULL_SECRET),
                "--unicore.registry.auth.accounts[1].access[0].repository=*",
                "--unicore.registry.auth.accounts[1].access[0].actions=pull")
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("registry.log").toFile())
            .start();
    TestRegistry registry = new TestRegistry(port, process);
    Waits.until(
        "the registry answers (log: " + directory.resolve("registry.log") + ")",
        Duration.ofSeconds(90),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "the registry exited; see " + directory.resolve("registry.log"));
          }
          return registry
                  .send(HttpRequest.newBuilder(URI.create(registry.url() + "/actuator/health")))
                  .statusCode()
              == 200;
        });
    return registry;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** host:port, as image references name it. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** Pushes an image whose one layer is {@code content}; returns the manifest's digest. */
  public String push(String repository, String tag, String content) throws IOException {
    byte[] layer = content.getBytes(StandardCharsets.UTF_8);
    byte[] config =
        json.writeValueAsBytes(
            Map.of(
                "architecture", "amd64",
                "os", "linux",
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(digest(layer)))));
    String token = token(repository);
    pushBlob(repository, token, layer);
    pushBlob(repository, token, config);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST);
    manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", config));
    manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar", layer)));
    byte[] bytes = json.writeValueAsBytes(manifest);
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/manifests/" + tag))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    if (put.statusCode() != 201) {
      throw new IllegalStateException("manifest push: " + put.statusCode() + " " + put.body());
    }
    return digest(bytes);
  }

  private void pushBlob(String repository, String token, byte[] bytes) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        url() + "/v2/" + repository + "/blobs/uploads/?digest=" + digest(bytes)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "blob push: " + response.statusCode() + " " + response.body());
    }
  }

  private String token(String repository) throws IOException {
    String basic =
        Base64.getEncoder()
            .encodeToString((PUSHER + ":" + PUSH_SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        url()
                            + "/token?service=unicore-registry&scope=repository:"
                            + repository
                            + ":pull,push"))
                .header("Authorization", "Basic " + basic));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
    }
    return json.readTree(response.body()).get("token").asText();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> descriptor(String mediaType, byte[] bytes) {
    return Map.of("mediaType", mediaType, "digest", digest(bytes), "size", bytes.length);
  }

  public static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
