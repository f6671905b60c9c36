package dev.unicore.controlplane;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The real OCI registry of this repository (image-registry's jar, built earlier in the reactor),
 * started as a process on a free port for tests, with a small OCI push for test images.
 */
public final class RegistryProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private RegistryProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RegistryProcess start(Path storage) throws Exception {
    Path root = Path.of(System.getProperty("unicore.home", "..")).toAbsolutePath().normalize();
    Path jar;
    try (Stream<Path> jars = Files.list(root.resolve("image-registry/target"))) {
      jar =
          jars.filter(path -> path.getFileName().toString().matches("image-registry-.*\\.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "build image-registry first (mvn -pl image-registry package)"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--unicore.registry.storage.root=" + storage,
                "--logging.level.root=WARN")
            .redirectErrorStream(true)
            .redirectOutput(storage.resolveSibling("registry.log").toFile())
            .start();
    RegistryProcess registry = new RegistryProcess(process, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (registry.send("GET", "/v2/", null, null).statusCode() == 200) {
          return registry;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    registry.close();
    throw new IllegalStateException("the registry did not start; see registry.log");
  }

  /** host:port, for image references and the control plane's registry URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Pushes an image manifest with a config and one layer holding {@code content} under {@code
   * repository:tag}.
   *
   * @return the manifest's digest
   */
  public String push(String repository, String tag, String content) throws Exception {
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
    byte[] layer = content.getBytes(StandardCharsets.UTF_8);
    String configDigest = blob(repository, config.getBytes(StandardCharsets.UTF_8));
    String layerDigest = blob(repository, layer);
    String manifest =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},
         "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}
        """
            .formatted(configDigest, config.length(), layerDigest, layer.length);
    HttpResponse<String> put =
        send(
            "PUT",
            "/v2/" + repository + "/manifests/" + tag,
            manifest.getBytes(StandardCharsets.UTF_8),
            "application/vnd.oci.image.manifest.v1+json");
    if (put.statusCode() != 201) {
      throw new IllegalStateException("manifest push: " + put.statusCode() + " " + put.body());
    }
    return digest(manifest.getBytes(StandardCharsets.UTF_8));
  }

  private String blob(String repository, byte[] bytes) throws Exception {
    String digest = digest(bytes);
    HttpResponse<String> put =
        send(
            "POST",
            "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
            bytes,
            "application/octet-stream");
    if (put.statusCode() != 201) {
      throw new IllegalStateException("blob push: " + put.statusCode() + " " + put.body());
    }
    return digest;
  }

  private HttpResponse<String> send(String method, String path, byte[] body, String type)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String digest(byte[] bytes) throws NoSuchAlgorithmException {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
