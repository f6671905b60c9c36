package dev.unicore.agent.local.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The repository's registry jar as a process with token auth on (a push account for the tests, a
 * pull-only account for the agent), and a small OCI push that packages a kernel the way the builder
 * worker does (DESIGN.md "Images"): a gzip tar layer with {@code /unikernel/<app>.elf} and {@code
 * /urunc.json}; config {@code os: linux, architecture: amd64} with the facts as labels; manifest
 * annotations {@code dev.unicore.*} and the urunc keys.
 */
final class TestRegistry implements AutoCloseable {
  static final String PUSHER = "builder";
  static final String PUSH_SECRET = "push-secret-for-agent-tests";
  static final String AGENT = "agent";
  static final String AGENT_SECRET = "pull-secret-for-agent-tests";
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  final Path storage;
  final int port;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> repositories = new java.util.concurrent.ConcurrentHashMap<>();

  private TestRegistry(Path storage, int port, Process process) {
    this.storage = storage;
    this.port = port;
    this.process = process;
  }

  static TestRegistry start(Path directory) throws Exception {
    int port = freePort();
    Path storage = directory.resolve("registry");
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("unicore.test.registry-jar"),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--unicore.registry.storage.root=" + storage,
                "--logging.level.root=WARN",
                "--unicore.registry.auth.enabled=true",
                "--unicore.registry.auth.accounts[0].name=" + PUSHER,
                "--unicore.registry.auth.accounts[0].secret-hash=" + bcrypt.encode(PUSH_SECRET),
                "--unicore.registry.auth.accounts[0].access[0].repository=*",
                "--unicore.registry.auth.accounts[0].access[0].actions=pull,push",
                "--unicore.registry.auth.accounts[1].name=" + AGENT,
                "--unicore.registry.auth.accounts[1].secret-hash=" + bcrypt.encode(AGENT_SECRET),
                "--unicore.registry.auth.accounts[1].access[0].repository=*",
                "--unicore.registry.auth.accounts[1].access[0].actions=pull")
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("registry.log").toFile())
            .start();
    TestRegistry registry = new TestRegistry(storage, port, process);
    Waits.until(
        "the registry answers (log: " + directory.resolve("registry.log") + ")",
        Duration.ofSeconds(90),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "the registry exited; see " + directory.resolve("registry.log"));
          }
          try {
            return registry
                    .http
                    .send(
                        HttpRequest.newBuilder(URI.create(registry.url() + "/actuator/health"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          }
        });
    return registry;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A pushed image: its manifest digest and size, the digest of its layer, its platform. */
  record Pushed(String digest, long size, String layerDigest, String platform) {}

  /** Packages {@code kernel} as an image for {@code platform} and pushes it under {@code tag}. */
  Pushed push(String repository, String tag, String platform, String application, byte[] kernel)
      throws Exception {
    String binary = "/unikernel/" + application + ".elf";
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("dev.unicore.application", application);
    annotations.put("dev.unicore.platform", platform);
    annotations.put("dev.unicore.architecture", "x86_64");
    annotations.put("dev.unicore.vmm", platform.equals("linuxu") ? "none" : platform);
    annotations.put("com.urunc.unikernel.unikernelType", "unicore");
    annotations.put(
        "com.urunc.unikernel.hypervisor", platform.equals("linuxu") ? "none" : platform);
    annotations.put("com.urunc.unikernel.binary", binary);
    annotations.put("com.urunc.unikernel.cmdline", "");
    annotations.put("com.urunc.unikernel.initrd", "");
    Map<String, String> urunc = new LinkedHashMap<>();
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith("com.urunc.")) {
            urunc.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
          }
        });
    ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
      TarArchiveEntry folder = new TarArchiveEntry("unikernel/");
      tar.putArchiveEntry(folder);
      tar.closeArchiveEntry();
      addFile(tar, "unikernel/" + application + ".elf", 0755, kernel);
      addFile(tar, "urunc.json", 0644, json.writeValueAsBytes(urunc));
    }
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(tarBytes.toByteArray());
    }
    byte[] layer = gzipped.toByteArray();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", "amd64");
    config.put("os", "linux");
    config.put("config", Map.of("Labels", annotations));
    config.put(
        "rootfs", Map.of("type", "layers", "diff_ids", List.of(digest(tarBytes.toByteArray()))));
    byte[] configBytes = json.writeValueAsBytes(config);

    String token = token(repository);
    pushBlob(repository, token, layer);
    pushBlob(repository, token, configBytes);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST);
    manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configBytes));
    manifest.put(
        "layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)));
    manifest.put("annotations", annotations);
    byte[] manifestBytes = json.writeValueAsBytes(manifest);
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/manifests/" + tag))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifestBytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("manifest push: " + put.statusCode() + " " + put.body());
    }
    repositories.put(digest(manifestBytes), repository);
    return new Pushed(digest(manifestBytes), manifestBytes.length, digest(layer), platform);
  }

  /**
   * Pushes an image index over images of one repository, the way the builder worker indexes a
   * build: one entry per target with the OCI platform and the {@code dev.unicore.platform}
   * annotation. Returns the index's digest.
   */
  String pushIndex(String repository, String tag, List<Pushed> images) throws Exception {
    List<Object> manifests = new ArrayList<>();
    for (Pushed image : images) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("mediaType", MANIFEST);
      entry.put("digest", image.digest());
      entry.put("size", image.size());
      entry.put("platform", Map.of("architecture", "amd64", "os", "linux"));
      entry.put(
          "annotations",
          Map.of("dev.unicore.platform", image.platform(), "dev.unicore.architecture", "x86_64"));
      manifests.add(entry);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", "application/vnd.oci.image.index.v1+json");
    index.put("manifests", manifests);
    byte[] bytes = json.writeValueAsBytes(index);
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/manifests/" + tag))
                .header("Authorization", "Bearer " + token(repository))
                .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("index push: " + put.statusCode() + " " + put.body());
    }
    repositories.put(digest(bytes), repository);
    return digest(bytes);
  }

  /** The repository an image was pushed to. */
  String repositoryOf(String digest) {
    return repositories.get(digest);
  }

  /** Changes one byte of a stored blob (or manifest) in place, behind the registry's back. */
  void tamper(String digest) throws IOException {
    String hex = digest.substring("sha256:".length());
    Path file = storage.resolve("blobs/sha256/" + hex.substring(0, 2) + "/" + hex);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x20;
    file.toFile().setWritable(true);
    Files.write(file, bytes);
  }

  private void pushBlob(String repository, String token, byte[] bytes) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        url() + "/v2/" + repository + "/blobs/uploads/?digest=" + digest(bytes)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "blob push: " + response.statusCode() + " " + response.body());
    }
  }

  private String token(String repository) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((PUSHER + ":" + PUSH_SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        url()
                            + "/token?service=unicore-registry&scope=repository:"
                            + repository
                            + ":pull,push"))
                .header("Authorization", "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
    }
    return json.readTree(response.body()).get("token").asText();
  }

  private static void addFile(TarArchiveOutputStream tar, String name, int mode, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(mode);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static Map<String, Object> descriptor(String mediaType, byte[] bytes) {
    Map<String, Object> descriptor = new LinkedHashMap<>();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", digest(bytes));
    descriptor.put("size", bytes.length);
    return descriptor;
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
